import { lookup } from 'node:dns/promises';
import type { Express } from 'express';
import { isProxyAddress, type TrustProxy } from '../config/env';
import type { Logger } from './logger';

/** A host name's addresses, as the system resolver gives them (/etc/hosts, Docker's DNS). */
export type LookUp = (name: string) => Promise<string[]>;

export interface TrustedProxies {
  /** The first look-up of every name, done (at once when there is none). */
  ready: Promise<void>;
  /** Looks every name up again now (the timer does it every REFRESH_MS). */
  refresh(): Promise<void>;
}

/**
 * How often the proxies' names are looked up again: compose starts admin
 * before web, and a restarted container may come back at another address.
 * A look-up costs one resolver call every few seconds, nothing per request.
 */
const REFRESH_MS = 10_000;

/** The resolver says the name does not exist: its old address may now be anyone's. */
const GONE = new Set(['ENOTFOUND', 'ENODATA']);

const lookUpAll: LookUp = async (name) => (await lookup(name, { all: true })).map((a) => a.address);

/**
 * Sets express's 'trust proxy' from TRUST_PROXY. A hop count or a list of
 * addresses is express's own setting. A host name in the list (compose's
 * `web`, whose address the network chooses) is looked up now and every
 * REFRESH_MS, and the setting is made again from the addresses and the
 * names' current addresses, so requests read it as they always do. Until a
 * name resolves it trusts nothing: its clients keep the proxy's address,
 * which is safe, never an address a client chose. A failure of the moment
 * keeps the last answer; a name that no longer exists loses its address.
 */
export function trustProxies(app: Express, setting: TrustProxy, log: Logger, lookUp: LookUp = lookUpAll): TrustedProxies {
  const names = Array.isArray(setting) ? setting.filter((e) => !isProxyAddress(e)) : [];
  if (names.length === 0) {
    app.set('trust proxy', setting);
    return { ready: Promise.resolve(), refresh: () => Promise.resolve() };
  }

  const fixed = (setting as string[]).filter((e) => !names.includes(e));
  const known = new Map<string, string[]>();
  const unresolved = new Set<string>();
  const lookUpOne = async (name: string): Promise<void> => {
    try {
      const addresses = await lookUp(name);
      known.set(name, addresses);
      // At warn, like the warning it ends: whoever saw that one sees this.
      if (unresolved.delete(name)) log.warn({ proxy: name, addresses }, `TRUST_PROXY: ${name} ya se encuentra; se cree su X-Forwarded-For`);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && GONE.has(code)) known.delete(name);
      if (!unresolved.has(name)) {
        unresolved.add(name);
        log.warn({ proxy: name, errorCode: code }, `TRUST_PROXY: no se encuentra ${name}; hasta entonces no se cree su X-Forwarded-For`);
      }
    }
  };
  // One look-up round at a time: where no DNS answers, one can outlast the interval.
  let round: Promise<void> | undefined;
  const refresh = (): Promise<void> =>
    (round ??= Promise.all(names.map(lookUpOne)).then(() => {
      app.set('trust proxy', [...fixed, ...[...known.values()].flat()]);
      round = undefined;
    }));
  app.set('trust proxy', fixed);
  setInterval(() => void refresh(), REFRESH_MS).unref();
  return { ready: refresh(), refresh };
}

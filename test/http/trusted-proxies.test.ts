import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLogger } from '../../adapters/http/logger';
import { type LookUp, trustProxies, type TrustedProxies } from '../../adapters/http/trusted-proxies';
import type { TrustProxy } from '../../adapters/config/env';

/**
 * TRUST_PROXY may name a proxy by host name: in compose the web front desk
 * is `web`, at an address the network chooses, and admin must believe the
 * browser's address web appends (login throttling is per address) while no
 * one else can choose theirs. Real HTTP from two loopback addresses: the
 * proxy's (127.0.0.1) and a stranger's (127.0.0.2), each claiming 203.0.113.9.
 */

interface Probe {
  url: string;
  proxies: TrustedProxies;
  close(): Promise<void>;
}

async function serve(setting: TrustProxy, lookUp?: LookUp): Promise<Probe> {
  const app = express();
  const proxies = trustProxies(app, setting, createLogger('test', 'silent'), lookUp);
  app.get('/ip', (req, res) => {
    res.json({ ip: req.ip });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ip`,
    proxies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The address the service takes for the client, when `from` connects claiming 203.0.113.9. */
function clientAddress(probe: Probe, from: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(probe.url, { localAddress: from, agent: false, headers: { 'x-forwarded-for': '203.0.113.9' } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve((JSON.parse(body) as { ip: string }).ip.replace(/^::ffff:/, '')));
    });
    req.on('error', reject);
  });
}

describe('TRUST_PROXY by host name (real DNS: localhost)', () => {
  let probe: Probe;
  before(async () => {
    probe = await serve(['localhost']);
    await probe.proxies.ready;
  });
  after(() => probe.close());

  it('believes the address the named proxy appended, and no one else', async () => {
    assert.equal(await clientAddress(probe, '127.0.0.1'), '203.0.113.9');
    assert.equal(await clientAddress(probe, '127.0.0.2'), '127.0.0.2');
  });
});

describe('TRUST_PROXY by host name: the name is looked up again', () => {
  let answer: () => Promise<string[]>;
  let probe: Probe;
  before(async () => {
    answer = () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND web'), { code: 'ENOTFOUND' }));
    probe = await serve(['web', '10.1.2.3'], () => answer());
    await probe.proxies.ready;
  });
  after(() => probe.close());

  it('before the proxy exists (compose starts admin first), nobody is believed and the service still answers', async () => {
    assert.equal(await clientAddress(probe, '127.0.0.1'), '127.0.0.1');
  });

  it('once the name resolves, its address is believed; the listed addresses all along', async () => {
    answer = async () => ['127.0.0.1'];
    await probe.proxies.refresh();
    assert.equal(await clientAddress(probe, '127.0.0.1'), '203.0.113.9');
    assert.equal(await clientAddress(probe, '127.0.0.2'), '127.0.0.2');
  });

  it('a lookup that fails for the moment keeps the last answer: a DNS hiccup does not merge every browser into one address', async () => {
    answer = () => Promise.reject(Object.assign(new Error('getaddrinfo EAI_AGAIN web'), { code: 'EAI_AGAIN' }));
    await probe.proxies.refresh();
    assert.equal(await clientAddress(probe, '127.0.0.1'), '203.0.113.9');
  });

  it('when the proxy moves to another address, the old one is no longer believed', async () => {
    answer = async () => ['127.0.0.2'];
    await probe.proxies.refresh();
    assert.equal(await clientAddress(probe, '127.0.0.1'), '127.0.0.1');
    assert.equal(await clientAddress(probe, '127.0.0.2'), '203.0.113.9');
  });

  it('when the name is gone, its last address is forgotten: another container may get it', async () => {
    answer = () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND web'), { code: 'ENOTFOUND' }));
    await probe.proxies.refresh();
    assert.equal(await clientAddress(probe, '127.0.0.2'), '127.0.0.2');
  });
});

describe('TRUST_PROXY without names', () => {
  it('is express\'s own setting, with nothing looked up', async () => {
    const probe = await serve(1, () => assert.fail('nothing to look up'));
    try {
      await probe.proxies.ready;
      assert.equal(await clientAddress(probe, '127.0.0.2'), '203.0.113.9');
    } finally {
      await probe.close();
    }
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { adminEnv, loadAdminConfig } from '../../apps/admin/config';
import { citasEnv, loadCitasConfig } from '../../apps/citas/config';
import { webEnv } from '../../apps/web/config';
import { ConfigError } from '../../adapters/config/env';

/** The settings both services read go through one loader: the same value means the same thing to both. */
describe('settings shared by admin and citas', () => {
  it('have the same defaults in both services', () => {
    const a = loadAdminConfig({});
    const c = loadCitasConfig({});
    assert.equal(a.dataDir, c.dataDir);
    assert.deepEqual({ issuer: a.jwt.issuer, audience: a.jwt.audience }, c.jwt);
    assert.equal(a.trustProxy, c.trustProxy);
    assert.equal(a.logLevel, c.logLevel);
  });

  it('read the same environment to the same values', () => {
    const env = { DATA_DIR: ' /srv/odontocare ', JWT_ISSUER: 'emisor', JWT_AUDIENCE: 'publico', TRUST_PROXY: '1', LOG_LEVEL: 'error', BODY_LIMIT: '256kb' };
    const a = loadAdminConfig(env);
    const c = loadCitasConfig(env);
    assert.equal(a.dataDir, resolve('/srv/odontocare'));
    assert.equal(c.dataDir, a.dataDir);
    assert.deepEqual(c.jwt, { issuer: 'emisor', audience: 'publico' });
    assert.equal(a.jwt.issuer, 'emisor');
    assert.deepEqual([a.trustProxy, c.trustProxy], [1, 1]);
    assert.equal(a.logLevel, 'error');
    assert.equal(c.logLevel, 'error');
    assert.equal(a.bodyLimits.normal, c.bodyLimit);
  });

  it('refuse the same bad values in both services, with the same error', () => {
    const env = { TRUST_PROXY: 'quizás', LOG_LEVEL: 'ruidoso', BODY_LIMIT: '1 tonelada' };
    for (const load of [loadAdminConfig, loadCitasConfig]) {
      assert.throws(
        () => load(env),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          for (const name of Object.keys(env)) assert.match(err.message, new RegExp(`^  - ${name}: `, 'm'));
          return true;
        },
      );
    }
  });
});

/**
 * X-Forwarded-For is a list every hop appends to, and the client writes its
 * first entries: believing the left-most one lets any client choose its
 * address (and so its login throttle). TRUST_PROXY says which hops to believe.
 */
describe('TRUST_PROXY', () => {
  for (const load of [loadAdminConfig, loadCitasConfig]) {
    it(`${load.name}: a hop count, a list of proxy addresses or host names, or nothing; never \`true\``, () => {
      assert.equal(load({}).trustProxy, false);
      assert.equal(load({ TRUST_PROXY: 'false' }).trustProxy, false);
      assert.equal(load({ TRUST_PROXY: '0' }).trustProxy, false);
      assert.equal(load({ TRUST_PROXY: ' 2 ' }).trustProxy, 2);
      assert.deepEqual(load({ TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,loopback, ::1, fd00::/8' }).trustProxy, [
        '10.0.0.5',
        '172.16.0.0/12',
        'loopback',
        '::1',
        'fd00::/8',
      ]);
      // A proxy may be named by its host name: compose's `web`, whose address the network chooses (trusted-proxies.ts).
      assert.deepEqual(load({ TRUST_PROXY: 'web' }).trustProxy, ['web']);
      assert.deepEqual(load({ TRUST_PROXY: 'web, proxy.clinica.local, 10.0.0.5' }).trustProxy, ['web', 'proxy.clinica.local', '10.0.0.5']);
      for (const bad of ['true', 'TRUE', 'yes', 'on', 'sí', '-1', '1.5', '10.0.0.300', '10.0.0.0/33', 'web/24', '-web', 'web..local', '10.0.0.1,,10.0.0.2']) {
        assert.throws(
          () => load({ TRUST_PROXY: bad }),
          (err: unknown) => err instanceof ConfigError && /^  - TRUST_PROXY: /m.test(err.message),
          `TRUST_PROXY=${bad} must be refused`,
        );
      }
      assert.throws(() => load({ TRUST_PROXY: 'true' }), /TRUST_PROXY: .*(saltos|proxies)/);
    });
  }
});

describe('HTTP server limits', () => {
  it('have the same defaults in both services, and the headers must fit in the time the whole request has', () => {
    const expected = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 500 };
    assert.deepEqual(loadAdminConfig({}).server, expected);
    assert.deepEqual(loadCitasConfig({}).server, expected);
    const env = { HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_REQUEST_TIMEOUT_MS: '4000', HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000', HTTP_MAX_CONNECTIONS: '64' };
    assert.deepEqual(loadCitasConfig(env).server, { headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 1000, maxConnections: 64 });
    for (const load of [loadAdminConfig, loadCitasConfig]) {
      assert.throws(() => load({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '4000' }), /HTTP_HEADERS_TIMEOUT_MS: .*HTTP_REQUEST_TIMEOUT_MS/);
      assert.throws(() => load({ HTTP_MAX_CONNECTIONS: '0' }), /^  - HTTP_MAX_CONNECTIONS: /m);
    }
  });
});

describe('README configuration table', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));

  it('names every variable each service reads, for that service', () => {
    const missing: string[] = [];
    for (const [service, schema] of [['admin', adminEnv], ['citas', citasEnv], ['web', webEnv]] as const) {
      for (const name of Object.keys(schema.shape)) {
        const row = rows.find((r) => r.split('|')[1].includes(`\`${name}\``));
        const services = row?.split('|')[2] ?? '';
        if (!row || !(services.includes(service) || services.includes('both'))) missing.push(`${name} (${service})`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('names every variable npm start itself reads (scripts/start-all.js), so none is found only in its code', () => {
    const script = readFileSync(join(__dirname, '..', '..', 'scripts', 'start-all.js'), 'utf8');
    const read = [...new Set([...script.matchAll(/process\.env\.([A-Z_]+)/g)].map((m) => m[1]))];
    assert.ok(read.includes('START_HEALTH_TIMEOUT_MS'), 'the script is read as it is written');
    assert.deepEqual(read.filter((name) => !rows.some((r) => r.split('|')[1].includes(`\`${name}\``))), []);
  });
});

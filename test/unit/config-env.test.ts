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
    assert.equal(a.trustProxy && c.trustProxy, true);
    assert.equal(a.logLevel, 'error');
    assert.equal(c.logLevel, 'error');
    assert.equal(a.bodyLimit, c.bodyLimit);
  });

  it('refuse the same bad values in both services, with the same error', () => {
    const env = { TRUST_PROXY: 'quizas', LOG_LEVEL: 'ruidoso', BODY_LIMIT: '1 tonelada' };
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

describe('README configuration table', () => {
  it('names every variable each service reads, for that service', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    const rows = section.split('\n').filter((l) => l.startsWith('| `'));
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
});

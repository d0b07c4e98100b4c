import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { DEFAULT_BOOTSTRAP_PASSWORD, loadAdminConfig } from '../../apps/admin/config';
import { ConfigError } from '../../adapters/config/env';
import { defaultHashConcurrency } from '../../adapters/security/argon2-password-hasher';

describe('loadAdminConfig', () => {
  it('gives the documented defaults with an empty environment', () => {
    const c = loadAdminConfig({});
    assert.equal(c.production, false);
    assert.equal(c.port, 5001);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.dataDir, resolve('./data'));
    assert.equal(c.dbFile, join(resolve('./data'), 'admin.db'));
    assert.equal(c.keysFile, join(resolve('./data'), 'jwt-keys.json'));
    assert.deepEqual(c.bootstrap, { username: 'admin', password: DEFAULT_BOOTSTRAP_PASSWORD });
    assert.deepEqual(c.jwt, { issuer: 'odontocare-admin', audience: 'odontocare', ttlSeconds: 3600, privateKeyFile: undefined });
    assert.deepEqual(c.bodyLimits, { normal: '100kb', bulk: '1mb' });
    assert.equal(c.trustProxy, false);
    assert.equal(c.logLevel, 'info');
    assert.deepEqual(c.throttle, { perAccount: 5, perAccountAnyAddress: 20, perAddress: 20, windowSeconds: 900 });
    assert.equal(c.passwordHashQueue, 32);
    assert.equal(c.passwordHashConcurrency, defaultHashConcurrency());
  });

  it('reads every variable it documents', () => {
    const c = loadAdminConfig({
      ADMIN_PORT: '0',
      ADMIN_HOST: '127.0.0.1',
      DATA_DIR: '/tmp/odontocare-admin',
      ADMIN_BOOTSTRAP_USERNAME: 'jefa',
      ADMIN_BOOTSTRAP_PASSWORD: 'Propia2026segura',
      JWT_ISSUER: 'emisor',
      JWT_AUDIENCE: 'publico',
      TOKEN_TTL_SECONDS: '600',
      JWT_PRIVATE_KEY_FILE: '/run/secrets/jwt.pem',
      BODY_LIMIT: '200kb',
      BULK_BODY_LIMIT: '2mb',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_ACCOUNT_ANY_ADDRESS: '7',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '10',
      LOGIN_WINDOW_SECONDS: '60',
      PASSWORD_HASH_CONCURRENCY: '6',
      PASSWORD_HASH_QUEUE: '10',
    });
    assert.equal(c.port, 0);
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.dbFile, join('/tmp/odontocare-admin', 'admin.db'));
    assert.deepEqual(c.bootstrap, { username: 'jefa', password: 'Propia2026segura' });
    assert.deepEqual(c.jwt, { issuer: 'emisor', audience: 'publico', ttlSeconds: 600, privateKeyFile: '/run/secrets/jwt.pem' });
    assert.deepEqual(c.bodyLimits, { normal: '200kb', bulk: '2mb' });
    assert.equal(c.trustProxy, 1);
    assert.equal(c.logLevel, 'warn');
    assert.deepEqual(c.throttle, { perAccount: 3, perAccountAnyAddress: 7, perAddress: 10, windowSeconds: 60 });
    assert.equal(c.passwordHashConcurrency, 6);
    assert.equal(c.passwordHashQueue, 10);
  });

  it('treats a blank variable as unset and trims values, but takes the bootstrap password exactly as written', () => {
    const c = loadAdminConfig({ ADMIN_PORT: '', ADMIN_HOST: '  ', LOG_LEVEL: ' debug ', TRUST_PROXY: '2 ', ADMIN_BOOTSTRAP_PASSWORD: ' Con espacios 1 ' });
    assert.equal(c.port, 5001);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.logLevel, 'debug');
    assert.equal(c.trustProxy, 2);
    assert.equal(c.bootstrap.password, ' Con espacios 1 ');
  });

  it('refuses bad values at start-up, naming every wrong variable at once', () => {
    assert.throws(
      () =>
        loadAdminConfig({
          ADMIN_PORT: '70000',
          ADMIN_BOOTSTRAP_USERNAME: 'ab',
          TOKEN_TTL_SECONDS: String(8 * 24 * 3600),
          BODY_LIMIT: 'mucho',
          TRUST_PROXY: 'si',
          LOG_LEVEL: 'verbose',
          LOGIN_WINDOW_SECONDS: '0',
          PASSWORD_HASH_CONCURRENCY: '0',
        }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /servicio admin/);
        for (const name of ['ADMIN_PORT', 'ADMIN_BOOTSTRAP_USERNAME', 'TOKEN_TTL_SECONDS', 'BODY_LIMIT', 'TRUST_PROXY', 'LOG_LEVEL', 'LOGIN_WINDOW_SECONDS', 'PASSWORD_HASH_CONCURRENCY'])
          assert.match(err.message, new RegExp(`^  - ${name}: `, 'm'));
        return true;
      },
    );
  });

  it('refuses the development bootstrap password in production, and only there', () => {
    assert.throws(
      () => loadAdminConfig({ NODE_ENV: 'production' }),
      (err: unknown) => err instanceof ConfigError && /ADMIN_BOOTSTRAP_PASSWORD.*producción/s.test(err.message),
    );
    assert.throws(() => loadAdminConfig({ NODE_ENV: 'production', ADMIN_BOOTSTRAP_PASSWORD: DEFAULT_BOOTSTRAP_PASSWORD }), ConfigError);
    assert.throws(() => loadAdminConfig({ NODE_ENV: 'production', ADMIN_BOOTSTRAP_PASSWORD: '' }), ConfigError);
    assert.equal(loadAdminConfig({ NODE_ENV: 'production', ADMIN_BOOTSTRAP_PASSWORD: 'Propia2026segura' }).production, true);
    assert.equal(loadAdminConfig({ NODE_ENV: 'test' }).bootstrap.password, DEFAULT_BOOTSTRAP_PASSWORD);
  });
});

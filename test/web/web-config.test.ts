import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ConfigError } from '../../adapters/config/env';
import { FETCH_BLOCKED_PORTS } from '../../adapters/config/fetch-blocked-ports';
import { loadCitasConfig } from '../../apps/citas/config';
import { DEFAULT_SESSION_SECRET, loadWebConfig } from '../../apps/web/config';

describe('web service settings', () => {
  it('defaults: port 5000, the APIs on this machine, the page in dist/page, a non-Secure cookie for plain http', () => {
    const c = loadWebConfig({});
    assert.equal(c.port, 5000);
    assert.equal(c.adminUrl, 'http://127.0.0.1:5001');
    assert.deepEqual(c.citasUrls, ['http://127.0.0.1:5002']);
    assert.equal(c.pageDir, resolve('dist/page'));
    assert.equal(c.session.cookieSecure, false);
    assert.equal(c.clinicTimeZone, 'Europe/Madrid');
  });

  it('reads RESERVA_SECRETARIA as citas does, with the same default, so one setting in .env reaches both', () => {
    const webReads = (env: NodeJS.ProcessEnv) => loadWebConfig(env).reservaSecretaria;
    for (const env of [{}, { RESERVA_SECRETARIA: 'true' }, { RESERVA_SECRETARIA: '1' }, { RESERVA_SECRETARIA: 'false' }, { RESERVA_SECRETARIA: ' ' }]) {
      assert.equal(webReads(env), loadCitasConfig(env).reservaSecretaria, JSON.stringify(env));
    }
    assert.equal(webReads({}), false);
    assert.equal(webReads({ RESERVA_SECRETARIA: 'true' }), true);
    assert.throws(() => loadWebConfig({ RESERVA_SECRETARIA: 'quizas' }), /^  - RESERVA_SECRETARIA: /m);
  });

  it('an https public address makes the cookie Secure unless told otherwise, and refuses being told otherwise', () => {
    const secure = (env: NodeJS.ProcessEnv) => loadWebConfig(env).session.cookieSecure;
    assert.equal(secure({ WEB_PUBLIC_ORIGIN: 'https://citas.clinica.example' }), true);
    assert.equal(secure({ WEB_PUBLIC_ORIGIN: 'https://citas.clinica.example', SESSION_COOKIE_SECURE: '' }), true, 'blank is unset (compose passes it blank)');
    assert.equal(secure({ WEB_PUBLIC_ORIGIN: 'http://127.0.0.1:5000' }), false);
    assert.equal(secure({ SESSION_COOKIE_SECURE: 'true' }), true);
    assert.throws(
      () => loadWebConfig({ WEB_PUBLIC_ORIGIN: 'https://citas.clinica.example', SESSION_COOKIE_SECURE: 'false' }),
      (err: unknown) => err instanceof ConfigError && /SESSION_COOKIE_SECURE: .*https/.test(err.message),
    );
  });

  it('production refuses the development SESSION_SECRET, and any secret shorter than 32 characters', () => {
    assert.throws(() => loadWebConfig({ NODE_ENV: 'production' }), (err: unknown) => err instanceof ConfigError && /SESSION_SECRET/.test(err.message));
    assert.throws(() => loadWebConfig({ SESSION_SECRET: 'corto' }), (err: unknown) => err instanceof ConfigError && /SESSION_SECRET: .*32/.test(err.message));
    const ok = loadWebConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) });
    assert.notEqual(ok.session.secret, DEFAULT_SESSION_SECRET);
  });

  it('answers loopback names, WEB_PUBLIC_ORIGIN\'s host and WEB_ALLOWED_HOSTS, written one way (lower case, IPv6 in brackets)', () => {
    const hosts = (env: NodeJS.ProcessEnv) => loadWebConfig(env).allowedHosts;
    assert.deepEqual(hosts({}), ['localhost', '127.0.0.1', '[::1]']);
    assert.deepEqual(hosts({ WEB_ALLOWED_HOSTS: ' ' }), ['localhost', '127.0.0.1', '[::1]'], 'blank is unset (compose passes it blank)');
    assert.deepEqual(hosts({ WEB_PUBLIC_ORIGIN: 'https://Citas.Clinica.example:8443' }), ['localhost', '127.0.0.1', '[::1]', 'citas.clinica.example']);
    assert.deepEqual(
      hosts({ WEB_ALLOWED_HOSTS: 'Recepcion.clinica.lan , 192.168.1.20,fd00:0::20,[::1],web' }),
      ['localhost', '127.0.0.1', '[::1]', 'recepcion.clinica.lan', '192.168.1.20', '[fd00::20]', 'web'],
    );
  });

  it('refuses a WEB_ALLOWED_HOSTS entry that is not a bare host name or address, naming it', () => {
    for (const bad of ['http://recepcion.lan', 'recepcion.lan:5000', '*', '*.clinica.lan', 'recepcion lan', 'recepcion.lan/', '192.168.001.020', 'a,,b']) {
      assert.throws(
        () => loadWebConfig({ WEB_ALLOWED_HOSTS: bad }),
        (err: unknown) => err instanceof ConfigError && /^  - WEB_ALLOWED_HOSTS: /m.test(err.message),
        bad,
      );
    }
  });

  it('CITAS_URL may name several citas instances, comma-separated; one URL reads as ever', () => {
    const c = loadWebConfig({ CITAS_URL: ' http://citas:5002/ , http://citas-2:5002' });
    assert.deepEqual(c.citasUrls, ['http://citas:5002', 'http://citas-2:5002']);
    const one = loadWebConfig({ CITAS_URL: 'http://citas:5002/' });
    assert.deepEqual(one.citasUrls, ['http://citas:5002']);
  });

  it('refuses a CITAS_URL list with any entry that is not an http(s) URL, naming it', () => {
    for (const [value, named] of [
      ['http://citas:5002,ftp://citas-2', 'ftp://citas-2'],
      ['http://citas:5002,,http://citas-2:5002', '""'],
      ['http://citas:5002,citas-2:5002', 'citas-2:5002'],
    ]) {
      assert.throws(
        () => loadWebConfig({ CITAS_URL: value }),
        (err: unknown) => err instanceof ConfigError && /^  - CITAS_URL: /m.test(err.message) && err.message.includes(named),
        value,
      );
    }
  });

  it('API_CONNECT_TIMEOUT_MS: 1000 ms unset, half of a shorter API_TIMEOUT_MS, or as written', () => {
    const connect = (env: NodeJS.ProcessEnv) => loadWebConfig(env).apiConnectTimeoutMs;
    assert.equal(connect({}), 1000);
    assert.equal(connect({ API_CONNECT_TIMEOUT_MS: ' ' }), 1000, 'blank is unset');
    assert.equal(connect({ API_TIMEOUT_MS: '800' }), 400, 'a short API_TIMEOUT_MS still leaves the next instance time');
    assert.equal(connect({ API_TIMEOUT_MS: '30000' }), 1000);
    assert.equal(connect({ API_CONNECT_TIMEOUT_MS: '2000' }), 2000);
    assert.equal(connect({ API_TIMEOUT_MS: '800', API_CONNECT_TIMEOUT_MS: '300' }), 300);
  });

  it('refuses an API_CONNECT_TIMEOUT_MS that is not a whole number of ms from 50, or that API_TIMEOUT_MS would always cut short', () => {
    for (const bad of ['1s', '0', '49', '1.5', '-1']) {
      assert.throws(
        () => loadWebConfig({ API_CONNECT_TIMEOUT_MS: bad }),
        (err: unknown) => err instanceof ConfigError && /^  - API_CONNECT_TIMEOUT_MS: /m.test(err.message),
        bad,
      );
    }
    for (const env of [{ API_CONNECT_TIMEOUT_MS: '5000' }, { API_TIMEOUT_MS: '800', API_CONNECT_TIMEOUT_MS: '1000' }]) {
      assert.throws(
        () => loadWebConfig(env),
        (err: unknown) => err instanceof ConfigError && /^  - API_CONNECT_TIMEOUT_MS: .*API_TIMEOUT_MS/m.test(err.message),
        JSON.stringify(env),
      );
    }
  });

  it('refuses ADMIN_URL, CITAS_URL or WEB_PORT on a port fetch and browsers never call (6000, 6665, 10080...): the web would start and every call be "no responde"', () => {
    const cases: [NodeJS.ProcessEnv, string, string][] = [
      [{ ADMIN_URL: 'http://127.0.0.1:6000' }, 'ADMIN_URL', '6000'],
      [{ CITAS_URL: 'http://127.0.0.1:5002,http://citas-2:10080' }, 'CITAS_URL', '10080'],
      [{ WEB_PORT: '6665' }, 'WEB_PORT', '6665'],
    ];
    for (const [env, name, port] of cases) {
      assert.throws(
        () => loadWebConfig(env),
        (err: unknown) => err instanceof ConfigError && new RegExp(`^  - ${name}: .*${port}`, 'm').test(err.message),
        JSON.stringify(env),
      );
    }
    // The ports next to them, a scheme's own port and any free one (0) are fine.
    const c = loadWebConfig({ ADMIN_URL: 'http://127.0.0.1:6001', CITAS_URL: 'https://citas.clinica.example,http://127.0.0.1:10081', WEB_PORT: '0' });
    assert.equal(c.adminUrl, 'http://127.0.0.1:6001');
  });

  it('refuses the very ports its fetch refuses (undici\'s list of the Fetch standard\'s blocked ports)', () => {
    // undici's own list, read where it keeps it: if an undici update changes it, this says so.
    const undici: string[] = require('undici/lib/web/fetch/constants').badPorts;
    assert.deepEqual([...FETCH_BLOCKED_PORTS].sort((a, b) => a - b), undici.map(Number).sort((a, b) => a - b));
  });

  it('names every wrong variable at once', () => {
    assert.throws(
      () => loadWebConfig({ WEB_PORT: 'cinco mil', CITAS_URL: 'ftp://x', SESSION_COOKIE_SECURE: 'quizas' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        for (const name of ['WEB_PORT', 'CITAS_URL', 'SESSION_COOKIE_SECURE']) assert.match(err.message, new RegExp(`^  - ${name}: `, 'm'));
        return true;
      },
    );
  });
});

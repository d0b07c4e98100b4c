import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { optionsFrom } from '../../../loader/main';

describe('loader options', () => {
  it('uses the defaults of the fixed decisions when nothing is set', () => {
    const o = optionsFrom([], {});
    assert.notEqual(o, 'help');
    if (o === 'help') return;
    assert.equal(o.adminUrl, 'http://127.0.0.1:5001');
    assert.equal(o.citasUrl, 'http://127.0.0.1:5002');
    assert.equal(o.dataDir, resolve(__dirname, '..', '..', '..', 'loader', 'data'));
    assert.equal(o.dryRun, false);
    assert.equal(o.book, true);
    assert.equal(o.clinicTimeZone, 'Europe/Madrid');
  });

  it('reads the environment, and a command-line option wins over it', () => {
    const env = { ADMIN_URL: 'http://a:1', CITAS_URL: 'http://c:2', LOADER_DATA_DIR: '/datos/env', LOADER_CONCURRENCY: '3' };
    const fromEnv = optionsFrom([], env);
    assert.deepEqual(fromEnv !== 'help' && [fromEnv.adminUrl, fromEnv.citasUrl, fromEnv.dataDir, fromEnv.concurrency], ['http://a:1', 'http://c:2', '/datos/env', 3]);
    const fromArgs = optionsFrom(['--data', '/datos/arg', '--admin-url', 'http://b:9', '--concurrency', '8', '--dry-run', '--no-cita'], env);
    assert.deepEqual(fromArgs !== 'help' && [fromArgs.adminUrl, fromArgs.dataDir, fromArgs.concurrency, fromArgs.dryRun, fromArgs.book], [
      'http://b:9',
      '/datos/arg',
      8,
      true,
      false,
    ]);
  });

  it('reads a relative --data from the folder npm was called from (INIT_CWD), LOADER_DATA_DIR from the project\'s', () => {
    const typed = optionsFrom(['--data', 'mis-datos'], { INIT_CWD: '/home/recepcion' });
    assert.equal(typed !== 'help' && typed.dataDir, '/home/recepcion/mis-datos');
    const setting = optionsFrom([], { INIT_CWD: '/home/recepcion', LOADER_DATA_DIR: 'mis-datos' });
    assert.equal(setting !== 'help' && setting.dataDir, resolve('mis-datos'));
  });

  it('logs in with ADMIN_BOOTSTRAP_PASSWORD when set (production admins do not keep the CSV default), and can skip schedules', () => {
    const plain = optionsFrom([], {});
    assert.equal(plain !== 'help' && plain.adminPassword, undefined);
    const prod = optionsFrom(['--no-horarios'], { ADMIN_BOOTSTRAP_PASSWORD: 'Otra-clave-2027' });
    assert.deepEqual(prod !== 'help' && [prod.adminPassword, prod.schedules], ['Otra-clave-2027', false]);
  });

  it('waits 30 s for an answer unless --timeout-ms or LOADER_TIMEOUT_MS says otherwise (the option wins)', () => {
    const plain = optionsFrom([], {});
    assert.equal(plain !== 'help' && plain.timeoutMs, 30_000);
    const fromEnv = optionsFrom([], { LOADER_TIMEOUT_MS: '90000' });
    assert.equal(fromEnv !== 'help' && fromEnv.timeoutMs, 90_000);
    const fromArgs = optionsFrom(['--timeout-ms', '5000'], { LOADER_TIMEOUT_MS: '90000' });
    assert.equal(fromArgs !== 'help' && fromArgs.timeoutMs, 5000);
  });

  it('refuses a timeout that is not whole milliseconds from 1 s to 10 min, saying what it got and in what unit', () => {
    for (const bad of ['30', '0', '-5000', '2.5', 'treinta', '', '600001']) {
      assert.throws(() => optionsFrom([`--timeout-ms=${bad}`], {}), /--timeout-ms debe ser un número entero de milisegundos entre 1000 y 600000/, bad);
    }
    assert.throws(() => optionsFrom([], { LOADER_TIMEOUT_MS: '30' }), /--timeout-ms .*LOADER_TIMEOUT_MS.*\(recibido: 30\)/);
  });

  it('refuses a concurrency that is not a small positive integer, and an unknown option', () => {
    assert.throws(() => optionsFrom(['--concurrency', '0'], {}), /--concurrency debe ser un entero entre 1 y 64/);
    assert.throws(() => optionsFrom([], { LOADER_CONCURRENCY: 'muchas' }), /--concurrency/);
    assert.throws(() => optionsFrom(['--patients', '3'], {}), /patients/);
  });
});

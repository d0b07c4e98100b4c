import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { ConfigError, loadCitasConfig } from '../../apps/citas/config';

describe('loadCitasConfig', () => {
  it('gives the documented defaults with an empty environment', () => {
    const c = loadCitasConfig({});
    assert.equal(c.port, 5002);
    assert.equal(c.adminUrl, 'http://127.0.0.1:5001');
    assert.equal(c.databaseFile, join(resolve('./data'), 'citas.db'));
    assert.equal(c.clinicTimeZone, 'Europe/Madrid');
    assert.equal(c.jornada, '09:00-14:00,16:00-20:00');
    assert.equal(c.maxCitasFuturas, 5);
    assert.equal(c.notifyWebhookUrl, undefined);
    assert.deepEqual(c.jwt, { issuer: 'odontocare-admin', audience: 'odontocare' });
    assert.equal(c.admin.timeoutMs, 2000);
    assert.equal(c.reservaSecretaria, false, 'RESERVA_SECRETARIA: false, as the original specification says');
  });

  it('reads RESERVA_SECRETARIA as a flag and refuses anything else', () => {
    assert.equal(loadCitasConfig({ RESERVA_SECRETARIA: 'true' }).reservaSecretaria, true);
    assert.equal(loadCitasConfig({ RESERVA_SECRETARIA: '0' }).reservaSecretaria, false);
    assert.throws(() => loadCitasConfig({ RESERVA_SECRETARIA: 'quizas' }), /RESERVA_SECRETARIA/);
  });

  it('treats an empty variable as unset and trims a trailing slash off ADMIN_URL', () => {
    const c = loadCitasConfig({ CITAS_PORT: '', ADMIN_URL: 'http://admin:5001/', NOTIFY_WEBHOOK_URL: '' });
    assert.equal(c.port, 5002);
    assert.equal(c.adminUrl, 'http://admin:5001');
    assert.equal(c.notifyWebhookUrl, undefined);
  });

  it('refuses bad values at start-up, naming every wrong variable at once', () => {
    assert.throws(
      () => loadCitasConfig({ CITAS_PORT: 'cinco', ADMIN_URL: 'ftp://admin', CLINIC_TIME_ZONE: 'Marte/Base', JORNADA: '09:00-25:00', MAX_CITAS_FUTURAS: '0' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        for (const name of ['CITAS_PORT', 'ADMIN_URL', 'CLINIC_TIME_ZONE', 'JORNADA', 'MAX_CITAS_FUTURAS']) assert.match(err.message, new RegExp(name));
        return true;
      },
    );
  });
});

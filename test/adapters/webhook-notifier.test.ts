import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WebhookNotifier, WebhookRejectedError, WebhookUnreachableError } from '../../adapters/notify/webhook-notifier';
import { NotificationWithdrawnError } from '../../core/ports/notifier';
import { aNotification } from '../builders/notification';
import { type Receiver, startReceiver } from './webhook-receiver';

const notification = aNotification;

const fast = { initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 1000 };

describe('webhook notifier against a real HTTP receiver', () => {
  const receivers: Receiver[] = [];
  const receiver = async (respond?: Parameters<typeof startReceiver>[0]) => {
    const r = await startReceiver(respond);
    receivers.push(r);
    return r;
  };
  after(async () => {
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('POSTs the notification as JSON with an idempotency key and resolves on 2xx', async () => {
    const r = await receiver(() => 202);
    await new WebhookNotifier({ url: r.url, ...fast }).deliver(notification());
    assert.equal(r.received.length, 1);
    const [{ headers, body }] = r.received;
    assert.match(String(headers['content-type']), /^application\/json/);
    assert.equal(headers['idempotency-key'], 'odontocare-notificacion-41');
    assert.deepEqual(body, {
      id: 41,
      tipo: 'recordatorio',
      id_cita: 7,
      debida: '2026-03-02T09:00:00.000Z',
      intento: 1,
      datos: {
        tipo: 'recordatorio',
        cita: {
          id_cita: 7,
          fecha: '2026-03-03T10:00:00+01:00',
          duracion_min: 30,
          motivo: 'Revisión 🦷 con la Dra. Núñez',
          estado: 'Programada',
          id_paciente: 1,
          id_doctor: 1,
          id_centro: 1,
          id_user_registrado: 1,
        },
      },
    });
  });

  it('retries a failing receiver with backoff inside one delivery: fails twice, then succeeds', async () => {
    const r = await receiver((n) => (n <= 2 ? 503 : 200));
    await new WebhookNotifier({ url: r.url, maxAttempts: 3, ...fast }).deliver(notification());
    assert.deepEqual(r.ids(), [41, 41, 41], 'same notification, same id each time');
  });

  it('rejects after the last attempt when the receiver keeps answering 500', async () => {
    const r = await receiver(() => 500);
    await assert.rejects(
      new WebhookNotifier({ url: r.url, maxAttempts: 3, ...fast }).deliver(notification()),
      (err: unknown) => err instanceof WebhookRejectedError && err.status === 500,
    );
    assert.equal(r.received.length, 3);
  });

  it('asks stillWanted() before each retry and stops when the notification is withdrawn', async () => {
    let wanted = true;
    let asked = 0;
    const r = await receiver(() => {
      wanted = false; // the cita is cancelled while the receiver is failing: before its first 503 goes back
      return 503;
    });
    const n = notification({ stillWanted: async () => (asked++, wanted) });
    await assert.rejects(new WebhookNotifier({ url: r.url, maxAttempts: 3, ...fast }).deliver(n), NotificationWithdrawnError);
    assert.equal(r.received.length, 1);
    assert.equal(asked, 2, 'asked before the first attempt and before the retry');
  });

  it('does not repeat at once a request the receiver refuses (4xx other than 408/429)', async () => {
    const r = await receiver(() => 400);
    await assert.rejects(new WebhookNotifier({ url: r.url, maxAttempts: 3, ...fast }).deliver(notification()), WebhookRejectedError);
    assert.equal(r.received.length, 1);
  });

  it('treats a redirect as a failure, not a success', async () => {
    const r = await receiver(() => 302);
    await assert.rejects(new WebhookNotifier({ url: r.url, maxAttempts: 1, ...fast }).deliver(notification()));
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const r = await receiver(() => 'hang');
    const started = Date.now();
    await assert.rejects(
      // 1 s per try: on a loaded 2-core machine a 100 ms timeout sometimes fired before the request even reached the receiver.
      new WebhookNotifier({ url: r.url, maxAttempts: 2, timeoutMs: 1000, initialDelayMs: 5, maxDelayMs: 5 }).deliver(notification()),
      WebhookUnreachableError,
    );
    assert.equal(r.received.length, 2);
    assert.ok(Date.now() - started < 10_000, 'gave up instead of waiting for an answer that never comes');
  });

  it('fails on an unreachable receiver without putting its URL (which may hold a secret) in the error', async () => {
    const r = await receiver();
    const url = r.url;
    await r.close();
    receivers.splice(receivers.indexOf(r), 1);
    await assert.rejects(new WebhookNotifier({ url, maxAttempts: 2, ...fast }).deliver(notification()), (err: unknown) => {
      assert.ok(err instanceof WebhookUnreachableError);
      assert.doesNotMatch(err.message, /s3cret|127\.0\.0\.1/);
      assert.match(err.message, /ECONNREFUSED/);
      return true;
    });
  });

  it('refuses a malformed URL when built (at start-up, not at the first reminder)', () => {
    assert.throws(() => new WebhookNotifier({ url: 'not a url' }));
  });
});

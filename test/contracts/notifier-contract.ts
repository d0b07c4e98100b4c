import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Notification, Notifier } from '../../core/ports/notifier';
import { aNotification } from '../builders/notification';
import { TIPOS_NOTIFICACION } from '../../core/ports/outbox';

/** A notification as its receiver got it, in the port's terms (dueAt as an ISO instant). */
export interface Accepted {
  id: number;
  tipo: string;
  idCita: number;
  dueAt: string;
  attempt: number;
  /** What the receiver got for the payload (`sent` says what that must be). */
  payload: unknown;
}

/**
 * A Notifier and the receiver at its other end (the recording fake, a log
 * stream, a real HTTP receiver), which the suite can make refuse.
 */
export interface NotifierFixture {
  notifier: Notifier;
  /** What the receiver must get for a notification's payload (a channel may render it in its own format). */
  sent(n: Notification): unknown;
  /** What the receiver has accepted so far, in arrival order. */
  accepted(): Accepted[];
  /** From now on the receiver refuses everything (a 503, a log that cannot be written...). */
  refuse(): void;
  /** From now on it accepts again. */
  recover(): void;
  close?(): Promise<void> | void;
}

const notification = aNotification;

const asAccepted = (n: Notification, f: NotifierFixture): Accepted => ({
  id: n.id,
  tipo: n.tipo,
  idCita: n.idCita,
  dueAt: n.dueAt.toISOString(),
  attempt: n.attempt,
  payload: f.sent(n),
});

/**
 * What DeliverDueNotifications relies on (core/ports/notifier.ts): deliver()
 * resolves only once the receiver accepted the notification, whole; rejects
 * when it did not, and the next delivery goes through once the receiver is
 * back; every call is a delivery (the worker delivers at least once and in
 * parallel: dropping repeats by id is the receiver's job).
 */
export function notifierContract(name: string, make: () => Promise<NotifierFixture> | NotifierFixture): void {
  describe(`Notifier contract: ${name}`, () => {
    let f: NotifierFixture;
    beforeEach(async () => {
      f = await make();
    });
    afterEach(async () => {
      await f?.close?.();
    });

    it('hands the receiver the whole notification (id, kind, cita, due time, attempt, payload) before it resolves', async () => {
      const n = notification();
      await f.notifier.deliver(n);
      assert.deepEqual(f.accepted(), [asAccepted(n, f)]);
    });

    it('delivers every kind of notification', async () => {
      for (const [i, tipo] of TIPOS_NOTIFICACION.entries()) await f.notifier.deliver(notification({ id: i + 1, tipo }));
      assert.deepEqual(
        f.accepted().map((a) => [a.id, a.tipo]),
        TIPOS_NOTIFICACION.map((tipo, i) => [i + 1, tipo]),
      );
    });

    it('delivers a repeat again with the same id and its own attempt number (the receiver drops repeats, not the notifier)', async () => {
      await f.notifier.deliver(notification({ attempt: 1 }));
      await f.notifier.deliver(notification({ attempt: 2 }));
      assert.deepEqual(
        f.accepted().map((a) => [a.id, a.attempt]),
        [
          [41, 1],
          [41, 2],
        ],
      );
    });

    it('delivers a batch sent in parallel, each notification once', async () => {
      const ids = [11, 12, 13, 14, 15];
      await Promise.all(ids.map((id) => f.notifier.deliver(notification({ id, idCita: id * 10 }))));
      const got = f.accepted();
      assert.deepEqual(got.map((a) => a.id).sort((x, y) => x - y), ids);
      assert.ok(got.every((a) => a.idCita === a.id * 10), 'each notification keeps its own cita');
    });

    it('rejects when the receiver does not accept, so the worker keeps the message for later', async () => {
      f.refuse();
      await assert.rejects(f.notifier.deliver(notification()));
      assert.deepEqual(f.accepted(), []);
    });

    it('delivers again once the receiver is back: one failure does not stick', async () => {
      f.refuse();
      await assert.rejects(f.notifier.deliver(notification({ attempt: 1 })));
      f.recover();
      await f.notifier.deliver(notification({ attempt: 2 }));
      assert.deepEqual(
        f.accepted().map((a) => [a.id, a.attempt]),
        [[41, 2]],
      );
    });
  });
}

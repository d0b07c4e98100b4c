import { snapshotOf } from '../../core/domain/appointment';
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboxMessage } from '../../core/ports/outbox';
import { aCita } from '../builders/cita';
import type { CitasStorageUnderTest, MakeCitasStorage } from './citas-storage';

const t = (hhmm: string): Date => new Date(`2026-03-02T${hhmm}:00Z`);

export function outboxContract(name: string, make: MakeCitasStorage): void {
  describe(`Outbox contract: ${name}`, () => {
    let made: CitasStorageUnderTest;
    let idCita: number;
    let otherCita: number;
    const msg = (over: Partial<OutboxMessage> = {}): OutboxMessage => ({
      tipo: 'recordatorio',
      idCita,
      dueAt: t('10:00'),
      payload: { cita: snapshotOf({ ...aCita().build(), id: idCita }), idCitaAnterior: 3 },
      ...over,
    });
    beforeEach(() => {
      made = make();
      idCita = made.storage.appointments.add(aCita().build()).id;
      otherCita = made.storage.appointments.add(aCita().forDoctor(2).forPatient(2).build()).id;
    });
    afterEach(() => made.close());

    it('hands out only due messages, oldest due first, with their payload and the attempt counted', () => {
      const { outbox } = made.storage;
      outbox.enqueue(msg({ dueAt: t('10:05'), tipo: 'cita_creada' }));
      outbox.enqueue(msg({ dueAt: t('10:00') }));
      outbox.enqueue(msg({ dueAt: t('12:00') }));
      assert.deepEqual(outbox.claimDue(t('09:59'), 10, t('10:30')), []);
      const claimed = outbox.claimDue(t('10:05'), 10, t('10:30'));
      assert.deepEqual(claimed.map((m) => [m.tipo, m.dueAt.toISOString(), m.attempts]), [
        ['recordatorio', '2026-03-02T10:00:00.000Z', 1],
        ['cita_creada', '2026-03-02T10:05:00.000Z', 1],
      ]);
      assert.deepEqual(claimed[0].payload, msg().payload);
      assert.equal(claimed[0].idCita, idCita);
    });

    it('respects the limit', () => {
      const { outbox } = made.storage;
      for (let i = 0; i < 5; i++) outbox.enqueue(msg());
      assert.equal(outbox.claimDue(t('10:00'), 2, t('10:30')).length, 2);
      assert.equal(outbox.claimDue(t('10:00'), 10, t('10:30')).length, 3);
    });

    it('does not hand a claimed message out again until its lock expires (at-least-once after a crash)', () => {
      const { outbox } = made.storage;
      outbox.enqueue(msg());
      assert.equal(outbox.claimDue(t('10:00'), 10, t('10:30')).length, 1);
      assert.equal(outbox.claimDue(t('10:29'), 10, t('11:00')).length, 0);
      const again = outbox.claimDue(t('10:30'), 10, t('11:00'));
      assert.deepEqual(again.map((m) => m.attempts), [2]);
    });

    it('never hands out a delivered or discarded message', () => {
      const { outbox } = made.storage;
      outbox.enqueue(msg());
      outbox.enqueue(msg({ tipo: 'cita_cancelada' }));
      const [a, b] = outbox.claimDue(t('10:00'), 10, t('10:30'));
      outbox.markDelivered(a.id, t('10:01'));
      outbox.discard(b.id, t('10:01'), 'demasiados intentos');
      assert.deepEqual(outbox.claimDue(t('23:00'), 10, t('23:30')), []);
    });

    it('retries later: released at once, handed out again from the new time', () => {
      const { outbox } = made.storage;
      outbox.enqueue(msg());
      const [m] = outbox.claimDue(t('10:00'), 10, t('10:30'));
      outbox.retryLater(m.id, t('10:10'), 'webhook 502');
      assert.deepEqual(outbox.claimDue(t('10:09'), 10, t('10:30')), []);
      assert.deepEqual(outbox.claimDue(t('10:10'), 10, t('10:40')).map((x) => [x.id, x.attempts]), [[m.id, 2]]);
    });

    it('discards only the pending reminders of that cita', () => {
      const { outbox } = made.storage;
      outbox.enqueue(msg({ dueAt: t('09:00') }));
      outbox.claimDue(t('09:00'), 10, t('09:30')).forEach((m) => outbox.markDelivered(m.id, t('09:01')));
      outbox.enqueue(msg());
      outbox.enqueue(msg({ tipo: 'cita_cancelada' }));
      outbox.enqueue(msg({ idCita: otherCita }));
      assert.equal(outbox.discardPendingReminders(idCita, t('09:30')), 1);
      const left = outbox.claimDue(t('11:00'), 10, t('11:30'));
      assert.deepEqual(left.map((m) => [m.tipo, m.idCita]).sort(), [['cita_cancelada', idCita], ['recordatorio', otherCita]].sort());
    });

    it('discards a reminder even while it is claimed (the worker re-reads the cita before sending)', () => {
      const { outbox } = made.storage;
      outbox.enqueue(msg());
      const [m] = outbox.claimDue(t('10:00'), 10, t('10:30'));
      assert.equal(outbox.discardPendingReminders(idCita, t('10:01')), 1);
      assert.deepEqual(outbox.claimDue(t('11:00'), 10, t('11:30')), [], `message ${m.id} stays discarded`);
    });

    it('reports the backlog: due messages not yet delivered or discarded, claimed or not, and the oldest due time', () => {
      const { outbox } = made.storage;
      assert.deepEqual(outbox.backlog(t('10:00')), { due: 0 });
      outbox.enqueue(msg({ dueAt: t('10:00') }));
      outbox.enqueue(msg({ dueAt: t('10:05'), tipo: 'cita_creada' }));
      outbox.enqueue(msg({ dueAt: t('12:00') }));
      const delivered = outbox.claimDue(t('10:00'), 1, t('10:30'))[0];
      assert.deepEqual(outbox.backlog(t('10:10')), { due: 2, oldestDueAt: t('10:00') }, 'a claimed message is still waiting');
      outbox.markDelivered(delivered.id, t('10:11'));
      assert.deepEqual(outbox.backlog(t('10:10')), { due: 1, oldestDueAt: t('10:05') });
      assert.deepEqual(outbox.backlog(t('12:00')), { due: 2, oldestDueAt: t('10:05') });
    });

    it('takes part in the unit of work: a failed run enqueues nothing', () => {
      const { outbox, uow } = made.storage;
      assert.throws(() =>
        uow.run(() => {
          outbox.enqueue(msg());
          throw new Error('boom');
        }),
      );
      assert.deepEqual(outbox.claimDue(t('23:00'), 10, t('23:30')), []);
    });
  });
}

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
    beforeEach(async () => {
      made = make();
      idCita = (await made.storage.appointments.add(aCita().build())).id;
      otherCita = (await made.storage.appointments.add(aCita().forDoctor(2).forPatient(2).build())).id;
    });
    afterEach(() => made.close());

    it('hands out only due messages, oldest due first, with their payload and the attempt counted', async () => {
      const { outbox } = made.storage;
      await outbox.enqueue(msg({ dueAt: t('10:05'), tipo: 'cita_creada' }));
      await outbox.enqueue(msg({ dueAt: t('10:00') }));
      await outbox.enqueue(msg({ dueAt: t('12:00') }));
      assert.deepEqual(await outbox.claimDue(t('09:59'), 10, t('10:30')), []);
      const claimed = await outbox.claimDue(t('10:05'), 10, t('10:30'));
      assert.deepEqual(claimed.map((m) => [m.tipo, m.dueAt.toISOString(), m.attempts]), [
        ['recordatorio', '2026-03-02T10:00:00.000Z', 1],
        ['cita_creada', '2026-03-02T10:05:00.000Z', 1],
      ]);
      assert.deepEqual(claimed[0].payload, msg().payload);
      assert.equal(claimed[0].idCita, idCita);
    });

    it('respects the limit', async () => {
      const { outbox } = made.storage;
      for (let i = 0; i < 5; i++) await outbox.enqueue(msg());
      assert.equal((await outbox.claimDue(t('10:00'), 2, t('10:30'))).length, 2);
      assert.equal((await outbox.claimDue(t('10:00'), 10, t('10:30'))).length, 3);
    });

    it('does not hand a claimed message out again until its lock expires (at-least-once after a crash)', async () => {
      const { outbox } = made.storage;
      await outbox.enqueue(msg());
      assert.equal((await outbox.claimDue(t('10:00'), 10, t('10:30'))).length, 1);
      assert.equal((await outbox.claimDue(t('10:29'), 10, t('11:00'))).length, 0);
      const again = await outbox.claimDue(t('10:30'), 10, t('11:00'));
      assert.deepEqual(again.map((m) => m.attempts), [2]);
    });

    it('never hands out a delivered or discarded message', async () => {
      const { outbox } = made.storage;
      await outbox.enqueue(msg());
      await outbox.enqueue(msg({ tipo: 'cita_cancelada' }));
      const [a, b] = await outbox.claimDue(t('10:00'), 10, t('10:30'));
      await outbox.markDelivered(a.id, t('10:01'));
      await outbox.discard(b.id, t('10:01'), 'demasiados intentos');
      assert.deepEqual(await outbox.claimDue(t('23:00'), 10, t('23:30')), []);
    });

    it('retries later: released at once, handed out again from the new time', async () => {
      const { outbox } = made.storage;
      await outbox.enqueue(msg());
      const [m] = await outbox.claimDue(t('10:00'), 10, t('10:30'));
      await outbox.retryLater(m.id, t('10:10'), 'webhook 502');
      assert.deepEqual(await outbox.claimDue(t('10:09'), 10, t('10:30')), []);
      assert.deepEqual((await outbox.claimDue(t('10:10'), 10, t('10:40'))).map((x) => [x.id, x.attempts]), [[m.id, 2]]);
    });

    it('discards only the pending reminders of that cita', async () => {
      const { outbox } = made.storage;
      await outbox.enqueue(msg({ dueAt: t('09:00') }));
      for (const m of await outbox.claimDue(t('09:00'), 10, t('09:30'))) await outbox.markDelivered(m.id, t('09:01'));
      await outbox.enqueue(msg());
      await outbox.enqueue(msg({ tipo: 'cita_cancelada' }));
      await outbox.enqueue(msg({ idCita: otherCita }));
      assert.equal(await outbox.discardPendingReminders(idCita, t('09:30')), 1);
      const left = await outbox.claimDue(t('11:00'), 10, t('11:30'));
      assert.deepEqual(left.map((m) => [m.tipo, m.idCita]).sort(), [['cita_cancelada', idCita], ['recordatorio', otherCita]].sort());
    });

    it('discards a reminder even while it is claimed (the worker re-reads the cita before sending)', async () => {
      const { outbox } = made.storage;
      await outbox.enqueue(msg());
      const [m] = await outbox.claimDue(t('10:00'), 10, t('10:30'));
      assert.equal(await outbox.discardPendingReminders(idCita, t('10:01')), 1);
      assert.deepEqual(await outbox.claimDue(t('11:00'), 10, t('11:30')), [], `message ${m.id} stays discarded`);
    });

    it('reports the backlog: due messages not yet delivered or discarded, claimed or not, and the oldest due time', async () => {
      const { outbox } = made.storage;
      assert.deepEqual(await outbox.backlog(t('10:00')), { due: 0 });
      await outbox.enqueue(msg({ dueAt: t('10:00') }));
      await outbox.enqueue(msg({ dueAt: t('10:05'), tipo: 'cita_creada' }));
      await outbox.enqueue(msg({ dueAt: t('12:00') }));
      const delivered = (await outbox.claimDue(t('10:00'), 1, t('10:30')))[0];
      assert.deepEqual(await outbox.backlog(t('10:10')), { due: 2, oldestDueAt: t('10:00') }, 'a claimed message is still waiting');
      await outbox.markDelivered(delivered.id, t('10:11'));
      assert.deepEqual(await outbox.backlog(t('10:10')), { due: 1, oldestDueAt: t('10:05') });
      assert.deepEqual(await outbox.backlog(t('12:00')), { due: 2, oldestDueAt: t('10:05') });
    });

    it('takes part in the unit of work: a failed run enqueues nothing', async () => {
      const { outbox, uow } = made.storage;
      await assert.rejects(() =>
        uow.run(async () => {
          await outbox.enqueue(msg());
          throw new Error('boom');
        }),
      );
      assert.deepEqual(await outbox.claimDue(t('23:00'), 10, t('23:30')), []);
    });
  });
}

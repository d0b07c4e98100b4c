import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeliverDueNotifications, DEFAULT_DELIVERY_POLICY, retryDelayMs } from '../../../core/use-cases/deliver-due-notifications';
import { citasWorld } from '../../builders/citas-world';
import { anAdmin } from '../../builders/principals';
import type { FixedClock } from '../../fakes/fixed-clock';
import { RecordingNotifier } from '../../fakes/recording-notifier';

function setup() {
  const w = citasWorld(); // Monday 2026-03-02 09:00 in Madrid
  const notifier = new RecordingNotifier();
  const round = new DeliverDueNotifications({ queue: w.fakes!.outbox, appointments: w.fakes!.appointments, notifier, clock: w.clock, uow: w.fakes!.uow });
  return { w, notifier, round, clock: w.clock as FixedClock };
}

describe('one delivery round', () => {
  it('hands the notifier what the outbox holds: id, type, cita, due time, attempt and payload', async () => {
    const { w, notifier, round } = setup();
    const cita = await w.bookAs(anAdmin(), { fecha: '2026-03-02T12:00:00' }); // reminder due at once
    await round.execute();
    assert.deepEqual(notifier.delivered.map((n) => n.tipo).sort(), ['cita_creada', 'recordatorio']);
    const reminder = notifier.delivered.find((n) => n.tipo === 'recordatorio')!;
    assert.equal(reminder.idCita, cita.id);
    assert.equal(reminder.attempt, 1);
    assert.equal(reminder.payload.cita.id, cita.id);
    assert.deepEqual(w.fakes!.outbox.pending(), []);
  });

  it('still sends change notices of a cancelled cita, but not its reminder', async () => {
    const { w, notifier, round } = setup();
    const cita = await w.bookAs(anAdmin(), { fecha: '2026-03-02T12:00:00' });
    await w.cancel.execute({ idCita: cita.id }, anAdmin());
    await round.execute();
    assert.deepEqual(notifier.delivered.map((n) => n.tipo).sort(), ['cita_cancelada', 'cita_creada']);
  });

  it('discards a reminder whose cita has already started (a worker that was down for hours)', async () => {
    const { w, notifier, round, clock } = setup();
    await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    await round.execute();
    clock.set('2026-03-03T09:30:00Z'); // 10:30 in Madrid, the cita began at 10:00
    const r = await round.execute();
    assert.deepEqual(r.outcomes.map((o) => [o.tipo, o.result, o.reason]), [['recordatorio', 'descartada', 'la cita ya ha comenzado']]);
    assert.deepEqual(notifier.delivered.map((n) => n.tipo), ['cita_creada']);
  });

  it('discards, instead of retrying, a reminder whose cita was cancelled while its delivery was failing', async () => {
    const { w, notifier, round } = setup();
    const cita = await w.bookAs(anAdmin(), { fecha: '2026-03-02T12:00:00' });
    notifier.failWith = async (n) => {
      if (n.tipo !== 'recordatorio') return undefined;
      const stored = (await w.fakes!.appointments.byId(cita.id))!;
      await w.fakes!.appointments.update({ ...stored, estado: 'Cancelada' }); // cancelled meanwhile
      return new Error('el webhook respondió 503');
    };
    const r = await round.execute();
    const reminder = r.outcomes.find((o) => o.tipo === 'recordatorio')!;
    assert.equal(reminder.result, 'descartada');
    assert.equal(reminder.reason, 'la cita está Cancelada');
  });

  it('waits 30 s, 60 s, 120 s... between attempts, at most an hour', () => {
    assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(n, DEFAULT_DELIVERY_POLICY)), [30_000, 60_000, 120_000]);
    assert.equal(retryDelayMs(20, DEFAULT_DELIVERY_POLICY), 3_600_000);
  });
});

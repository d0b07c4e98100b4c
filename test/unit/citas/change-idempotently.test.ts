import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aMedico, anAdmin, aPaciente, aSecretaria, callerOf } from '../../builders/principals';
import { RescheduleAppointment } from '../../../core/use-cases/reschedule-appointment';
import { citasWorld } from '../../builders/citas-world';
import { code } from './expect';

const KEY = '0f6a7c52-3c1e-4d8e-9b7a-2f4d8c1e5a90';

/**
 * RescheduleAppointment, CancelAppointment and ChangeAppointmentStatus with
 * an Idempotency-Key (core/domain/idempotency.ts), on the fakes: a change
 * whose answer was lost, sent again with its key, answers what it answered
 * then and changes nothing more; a key stands for one request of one
 * operation on one cita.
 */
describe('changing, cancelling or moving on a cita with an Idempotency-Key', () => {
  it('answers a change sent again with the same key with its first answer, without asking the directory or writing anything', async () => {
    const w = citasWorld();
    const old = await w.bookAs(aPaciente(1));
    const who = callerOf(aSecretaria());
    const first = await w.reschedule.execute({ idCita: old.id, inicio: w.at('2026-03-04T11:00:00') }, who, KEY);
    assert.equal(first.replayed, false);
    const written = { citas: w.fakes!.appointments.all().length, history: w.fakes!.history.all().length, outbox: w.fakes!.outbox.all().length };
    w.directory.down();
    const again = await w.reschedule.execute({ idCita: old.id, inicio: w.at('2026-03-04T11:00:00') }, who, KEY);
    assert.deepEqual(again, { ...first, replayed: true });
    assert.deepEqual(
      { citas: w.fakes!.appointments.all().length, history: w.fakes!.history.all().length, outbox: w.fakes!.outbox.all().length },
      written,
    );
  });

  it('answers a cancellation sent again with the same key with the cita as first cancelled, and cancels once', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(aPaciente(1));
    const first = await w.cancel.execute({ idCita: cita.id, motivoCancelacion: 'Viaje' }, aSecretaria(), KEY);
    assert.deepEqual(first, { cita: { ...cita, estado: 'Cancelada', motivoCancelacion: 'Viaje' }, replayed: false });
    const again = await w.cancel.execute({ idCita: cita.id, motivoCancelacion: 'Viaje' }, aSecretaria(), KEY);
    assert.deepEqual(again, { ...first, replayed: true });
    assert.deepEqual((await w.history.execute(cita.id, anAdmin())).map((e) => e.accion), ['creada', 'cancelada']);
    assert.equal(w.fakes!.outbox.all().filter((m) => m.tipo === 'cita_cancelada').length, 1);
  });

  it('answers a change of estado sent again with the same key with its first answer (Confirmada, then Atendida)', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    const confirmed = await w.changeStatus.execute({ idCita: cita.id, estado: 'Confirmada' }, aPaciente(1), KEY);
    assert.deepEqual(await w.changeStatus.execute({ idCita: cita.id, estado: 'Confirmada' }, aPaciente(1), KEY), { ...confirmed, replayed: true });
    w.clock.set('2026-03-03T09:10:00Z');
    const attended = await w.changeStatus.execute({ idCita: cita.id, estado: 'Atendida' }, aMedico(1), 'otra-clave');
    assert.equal(attended.cita.estado, 'Atendida');
    assert.deepEqual(await w.changeStatus.execute({ idCita: cita.id, estado: 'Atendida' }, aMedico(1), 'otra-clave'), { ...attended, replayed: true });
    assert.deepEqual((await w.history.execute(cita.id, anAdmin())).map((e) => e.accion), ['creada', 'confirmada', 'atendida']);
  });

  it('takes a key for one request: another cita, other values or another operation under it is IDEMPOTENCIA_REUTILIZADA, and nothing changes', async () => {
    const w = citasWorld();
    const one = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    const two = await w.bookAs(anAdmin(), { fecha: '2026-03-03T11:00:00' });
    const who = aSecretaria();
    await w.cancel.execute({ idCita: one.id }, who, KEY);
    await assert.rejects(w.cancel.execute({ idCita: two.id }, who, KEY), code('IDEMPOTENCIA_REUTILIZADA'));
    await assert.rejects(w.cancel.execute({ idCita: one.id, motivoCancelacion: 'Otro' }, who, KEY), code('IDEMPOTENCIA_REUTILIZADA'));
    await assert.rejects(w.changeStatus.execute({ idCita: one.id, estado: 'Confirmada' }, who, KEY), code('IDEMPOTENCIA_REUTILIZADA'));
    await assert.rejects(
      w.reschedule.execute({ idCita: one.id, inicio: w.at('2026-03-05T10:00:00') }, callerOf(who), KEY),
      code('IDEMPOTENCIA_REUTILIZADA', /^No se pudo cambiar la cita: /),
    );
    assert.equal((await w.get.execute(two.id, anAdmin())).estado, 'Programada');
  });

  it("keeps a booking's key and a change's apart: neither replays the other", async () => {
    const w = citasWorld();
    const who = callerOf(aPaciente(1));
    const booked = await w.book.execute({ inicio: w.at('2026-03-03T10:00:00'), motivo: 'Revisión', idPaciente: 1, idDoctor: 1, idCentro: 1 }, who, KEY);
    await assert.rejects(w.cancel.execute({ idCita: booked.cita.id }, aPaciente(1), KEY), code('IDEMPOTENCIA_REUTILIZADA'));
    await assert.rejects(w.reschedule.execute({ idCita: booked.cita.id, inicio: w.at('2026-03-04T10:00:00') }, who, KEY), code('IDEMPOTENCIA_REUTILIZADA'));
    assert.equal((await w.get.execute(booked.cita.id, anAdmin())).estado, 'Programada');

    const other = await w.bookAs(anAdmin(), { fecha: '2026-03-05T10:00:00' });
    await w.reschedule.execute({ idCita: other.id, inicio: w.at('2026-03-06T10:00:00') }, who, 'clave-del-cambio');
    await assert.rejects(
      w.book.execute({ inicio: w.at('2026-03-09T10:00:00'), motivo: 'Revisión', idPaciente: 1, idDoctor: 1, idCentro: 1 }, who, 'clave-del-cambio'),
      code('IDEMPOTENCIA_REUTILIZADA'),
    );
  });

  it('stores nothing for a change that fails or is refused, so its retry is judged again', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    await w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-04T10:00:00' });
    const who = callerOf(anAdmin());
    w.directory.down();
    await assert.rejects(w.reschedule.execute({ idCita: cita.id, inicio: w.at('2026-03-05T10:00:00') }, who, KEY), code('SERVICIO_NO_DISPONIBLE'));
    w.directory.up();
    await assert.rejects(w.reschedule.execute({ idCita: cita.id, inicio: w.at('2026-03-04T10:00:00') }, who, 'ocupado'), code('DOCTOR_OCUPADO'));
    w.clock.set('2026-03-03T09:30:00Z');
    await assert.rejects(w.cancel.execute({ idCita: cita.id }, anAdmin(), 'empezada'), code('CITA_PASADA'));
    assert.equal(w.fakes!.idempotencyKeys.size(), 0);
  });

  it('changes once for concurrent copies of one change with one key; the others answer that change', async () => {
    const w = citasWorld();
    const old = await w.bookAs(anAdmin());
    const who = callerOf(aSecretaria());
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => w.reschedule.execute({ idCita: old.id, inicio: w.at('2026-03-04T11:00:00') }, who, KEY)),
    );
    assert.equal(new Set(answers.map((a) => a.citaNueva.id)).size, 1);
    assert.equal(answers.filter((a) => !a.replayed).length, 1);
    assert.equal(w.fakes!.appointments.all().length, 2);
  });

  it('answers a copy that met the cita already replaced by the other copy (before its own transaction) with that change, not 409', async () => {
    const w = citasWorld();
    const old = await w.bookAs(anAdmin());
    const change = { idCita: old.id, inicio: w.at('2026-03-04T11:00:00') };
    const who = callerOf(aSecretaria());
    // This copy looks its key up (nothing yet), then waits there while the other copy makes the change.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let lookedUp!: () => void;
    const firstLookUp = new Promise<void>((r) => (lookedUp = r));
    const keys = w.ports.idempotencyKeys;
    let calls = 0;
    const slowCopy = new RescheduleAppointment(
      {
        ...w.ports,
        idempotencyKeys: {
          find: async (...args) => {
            const found = await keys.find(...args);
            if (++calls === 1) {
              lookedUp();
              await held;
            }
            return found;
          },
          record: (...args) => keys.record(...args),
        },
      },
      w.policy,
    );
    const late = slowCopy.execute(change, who, KEY);
    await firstLookUp;
    const first = await w.reschedule.execute(change, who, KEY);
    release();
    assert.deepEqual(await late, { ...first, replayed: true });
    assert.equal(w.fakes!.appointments.all().length, 2);
  });

  it('forgets a key after 24 h by the clock: the change sent again is then judged anew (CITA_REEMPLAZADA)', async () => {
    const w = citasWorld({ now: '2026-03-02T08:00:00Z' });
    const old = await w.bookAs(anAdmin(), { fecha: '2026-03-10T10:00:00' });
    const who = callerOf(aSecretaria());
    const change = { idCita: old.id, inicio: w.at('2026-03-11T10:00:00') };
    await w.reschedule.execute(change, who, KEY);
    w.clock.set('2026-03-03T07:59:00Z');
    assert.equal((await w.reschedule.execute(change, who, KEY)).replayed, true);
    w.clock.set('2026-03-03T08:00:01Z');
    await assert.rejects(w.reschedule.execute(change, who, KEY), code('CITA_REEMPLAZADA'));
  });

  it('refuses an unusable key (422: the HTTP edge answers 400 before)', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin());
    await assert.rejects(w.cancel.execute({ idCita: cita.id }, anAdmin(), 'con espacio'), code('VALIDACION'));
    await assert.rejects(w.changeStatus.execute({ idCita: cita.id, estado: 'Confirmada' }, anAdmin(), ''), code('VALIDACION'));
    await assert.rejects(w.reschedule.execute({ idCita: cita.id, motivo: 'Otro' }, callerOf(anAdmin()), 'a,b'), code('VALIDACION'));
    assert.equal((await w.get.execute(cita.id, anAdmin())).estado, 'Programada');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { citasWorld } from '../../builders/citas-world';
import { aMedico, anAdmin, aPaciente, aSecretaria } from '../../builders/principals';
import { code } from './expect';

describe('cancelling a cita', () => {
  it('sets Cancelada, keeps the cita, records who did it and why, and notifies', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(aPaciente(1));
    const { cita: cancelled } = await w.cancel.execute({ idCita: cita.id, motivoCancelacion: 'Viaje' }, aPaciente(1));
    assert.equal(cancelled.estado, 'Cancelada');
    assert.equal(cancelled.motivoCancelacion, 'Viaje');
    assert.deepEqual(await w.get.execute(cita.id, anAdmin()), cancelled);

    const entries = await w.history.execute(cita.id, anAdmin());
    assert.deepEqual(entries.map((e) => e.accion), ['creada', 'cancelada']);
    assert.equal(entries[1].antes?.estado, 'Programada');
    assert.equal(entries[1].despues?.estado, 'Cancelada');
    assert.equal(entries[1].idUser, aPaciente(1).userId);
    assert.ok(w.fakes!.outbox.all().some((m) => m.tipo === 'cita_cancelada' && m.idCita === cita.id));
  });

  it('discards the pending reminder so it is never delivered', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(aPaciente(1));
    await w.cancel.execute({ idCita: cita.id }, aSecretaria());
    assert.equal(w.fakes!.outbox.pending().filter((m) => m.tipo === 'recordatorio').length, 0);
    w.clock.set('2026-03-03T08:00:00Z');
    const claimed = await w.fakes!.outbox.claimDue(w.clock.now(), 10, new Date('2026-03-03T08:01:00Z'));
    assert.deepEqual(claimed.map((m) => m.tipo).sort(), ['cita_cancelada', 'cita_creada']);
  });

  it('lets the patient (own), secretaria and admin cancel', async () => {
    const w = citasWorld();
    for (const [i, who] of [aPaciente(1), aSecretaria(), anAdmin()].entries()) {
      const cita = await w.bookAs(anAdmin(), { fecha: `2026-03-1${i}T10:00:00` });
      assert.equal((await w.cancel.execute({ idCita: cita.id }, who)).cita.estado, 'Cancelada');
    }
  });

  it('answers 404 to a patient cancelling somebody else\'s cita (its existence does not leak) and 403 to its doctor', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin(), { idPaciente: 1, idDoctor: 2 });
    await assert.rejects(w.cancel.execute({ idCita: cita.id }, aPaciente(2)), code('NO_ENCONTRADO'));
    await assert.rejects(w.cancel.execute({ idCita: cita.id }, aMedico(1)), code('NO_ENCONTRADO'));
    await assert.rejects(w.cancel.execute({ idCita: cita.id }, aMedico(2)), code('PROHIBIDO'));
    assert.equal((await w.get.execute(cita.id, anAdmin())).estado, 'Programada');
  });

  it('answers 404 for a cita that does not exist', async () => {
    const w = citasWorld();
    await assert.rejects(w.cancel.execute({ idCita: 999 }, anAdmin()), code('NO_ENCONTRADO', /^Esta cita no existe\.$/));
  });

  it('refuses to cancel twice (409 CITA_YA_CANCELADA) and leaves the history as it was', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin());
    await w.cancel.execute({ idCita: cita.id }, anAdmin());
    await assert.rejects(w.cancel.execute({ idCita: cita.id }, anAdmin()), code('CITA_YA_CANCELADA'));
    assert.equal((await w.history.execute(cita.id, anAdmin())).length, 2);
  });

  it('refuses to cancel a cita that has started (409 CITA_PASADA)', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    w.clock.set('2026-03-03T09:00:00Z');
    await assert.rejects(w.cancel.execute({ idCita: cita.id }, anAdmin()), code('CITA_PASADA'));
  });

  it('refuses to cancel an Atendida or NoAsistio cita (409 TRANSICION_INVALIDA)', async () => {
    const w = citasWorld();
    const a = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    await w.changeStatus.execute({ idCita: a.id, estado: 'Confirmada' }, anAdmin());
    w.clock.set('2026-03-03T09:10:00Z');
    await w.changeStatus.execute({ idCita: a.id, estado: 'Atendida' }, aMedico(1));
    await assert.rejects(w.cancel.execute({ idCita: a.id }, anAdmin()), code('TRANSICION_INVALIDA'));
  });

  it('refuses a cancellation reason over 500 characters', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin());
    await assert.rejects(w.cancel.execute({ idCita: cita.id, motivoCancelacion: 'x'.repeat(501) }, anAdmin()), code('VALIDACION'));
  });
});

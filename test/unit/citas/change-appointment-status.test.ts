import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { citasWorld } from '../../builders/citas-world';
import { aMedico, anAdmin, aPaciente, aSecretaria } from '../../builders/principals';
import { code } from './expect';

async function confirmedCita() {
  const w = citasWorld();
  const cita = await w.bookAs(anAdmin(), { idPaciente: 1, idDoctor: 1, fecha: '2026-03-03T10:00:00' });
  await w.changeStatus.execute({ idCita: cita.id, estado: 'Confirmada' }, aPaciente(1));
  return { w, cita };
}

describe('cita lifecycle', () => {
  it('Programada -> Confirmada by its patient, with history and a notice', async () => {
    const { w, cita } = await confirmedCita();
    const now = await w.get.execute(cita.id, anAdmin());
    assert.equal(now.estado, 'Confirmada');
    const entries = await w.history.execute(cita.id, aPaciente(1));
    assert.deepEqual(entries.map((e) => e.accion), ['creada', 'confirmada']);
    assert.ok(w.fakes!.outbox.all().some((m) => m.tipo === 'estado_cambiado' && m.idCita === cita.id));
    assert.equal(w.fakes!.outbox.pending().filter((m) => m.tipo === 'recordatorio').length, 1, 'a confirmed cita still gets its reminder');
  });

  it('Confirmada keeps occupying the slot', async () => {
    const { w } = await confirmedCita();
    await assert.rejects(w.bookAs(anAdmin(), { idPaciente: 2, fecha: '2026-03-03T10:00:00' }), code('DOCTOR_OCUPADO'));
  });

  it('Confirmada -> Atendida by its doctor once the cita has started, not before', async () => {
    const { w, cita } = await confirmedCita();
    await assert.rejects(w.changeStatus.execute({ idCita: cita.id, estado: 'Atendida' }, aMedico(1)), code('TRANSICION_INVALIDA', /todavía no ha comenzado/));
    w.clock.set('2026-03-03T09:00:00Z');
    const { cita: done } = await w.changeStatus.execute({ idCita: cita.id, estado: 'Atendida' }, aMedico(1));
    assert.equal(done.estado, 'Atendida');
    const entries = await w.history.execute(cita.id, aMedico(1));
    assert.deepEqual(entries.map((e) => e.accion), ['creada', 'confirmada', 'atendida']);
  });

  it('Confirmada -> NoAsistio by secretaria; afterwards nothing else is possible', async () => {
    const { w, cita } = await confirmedCita();
    w.clock.set('2026-03-03T09:40:00Z');
    await w.changeStatus.execute({ idCita: cita.id, estado: 'NoAsistio' }, aSecretaria());
    for (const estado of ['Confirmada', 'Atendida', 'NoAsistio'] as const) {
      await assert.rejects(w.changeStatus.execute({ idCita: cita.id, estado }, anAdmin()), code('TRANSICION_INVALIDA'));
    }
  });

  it('refuses Atendida straight from Programada: it must be confirmed first', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    w.clock.set('2026-03-03T09:10:00Z');
    await assert.rejects(w.changeStatus.execute({ idCita: cita.id, estado: 'NoAsistio' }, anAdmin()), code('TRANSICION_INVALIDA', /confirmarse/));
    await w.changeStatus.execute({ idCita: cita.id, estado: 'Confirmada' }, aSecretaria());
    assert.equal((await w.changeStatus.execute({ idCita: cita.id, estado: 'NoAsistio' }, anAdmin())).cita.estado, 'NoAsistio');
  });

  it('refuses confirming twice and any change of a cancelled cita', async () => {
    const { w, cita } = await confirmedCita();
    await assert.rejects(w.changeStatus.execute({ idCita: cita.id, estado: 'Confirmada' }, aPaciente(1)), code('TRANSICION_INVALIDA'));
    await w.cancel.execute({ idCita: cita.id }, aPaciente(1));
    await assert.rejects(w.changeStatus.execute({ idCita: cita.id, estado: 'Confirmada' }, anAdmin()), code('TRANSICION_INVALIDA'));
  });

  it('only its patient, secretaria or admin confirm; its doctor gets 403, strangers 404', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin(), { idPaciente: 1, idDoctor: 1 });
    await assert.rejects(w.changeStatus.execute({ idCita: cita.id, estado: 'Confirmada' }, aMedico(1)), code('PROHIBIDO'));
    await assert.rejects(w.changeStatus.execute({ idCita: cita.id, estado: 'Confirmada' }, aPaciente(2)), code('NO_ENCONTRADO'));
    await assert.rejects(w.changeStatus.execute({ idCita: cita.id, estado: 'Confirmada' }, aMedico(2)), code('NO_ENCONTRADO'));
  });

  it('only its doctor, secretaria or admin mark Atendida; its patient gets 403', async () => {
    const { w, cita } = await confirmedCita();
    w.clock.set('2026-03-03T09:10:00Z');
    await assert.rejects(w.changeStatus.execute({ idCita: cita.id, estado: 'Atendida' }, aPaciente(1)), code('PROHIBIDO'));
    await assert.rejects(w.changeStatus.execute({ idCita: cita.id, estado: 'Atendida' }, aMedico(2)), code('NO_ENCONTRADO'));
    assert.equal((await w.changeStatus.execute({ idCita: cita.id, estado: 'Atendida' }, anAdmin())).cita.estado, 'Atendida');
  });

  it('frees the slot after NoAsistio/Atendida only in the sense that they no longer count as active', async () => {
    const { w, cita } = await confirmedCita();
    w.clock.set('2026-03-03T09:05:00Z');
    await w.changeStatus.execute({ idCita: cita.id, estado: 'Atendida' }, aMedico(1));
    assert.equal(await w.ports.appointments.countFutureActive(1, new Date('2026-03-01T00:00:00Z')), 0);
  });

  it('confirming a cita that has started is allowed (reception confirms on arrival)', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    w.clock.set('2026-03-03T09:02:00Z');
    assert.equal((await w.changeStatus.execute({ idCita: cita.id, estado: 'Confirmada' }, aSecretaria())).cita.estado, 'Confirmada');
  });
});

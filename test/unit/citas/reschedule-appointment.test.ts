import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../../core/domain/errors';
import { citasWorld } from '../../builders/citas-world';
import { aDoctor } from '../../builders/directory-cards';
import { aMedico, anAdmin, aPaciente, aSecretaria } from '../../builders/principals';
import { code } from './expect';

describe('changing a cita', () => {
  it('creates the new cita, cancels the old one and links both ways, keeping what was not given', async () => {
    const w = citasWorld();
    const old = await w.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00', motivo: 'Empaste', duracionMin: 45, idCentro: 2 });
    const { citaNueva, citaAnterior } = await w.reschedule.execute({ idCita: old.id, inicio: w.at('2026-03-04T11:00:00') }, w.directoryCaller(aPaciente(1)));

    assert.equal(citaNueva.estado, 'Programada');
    assert.equal(citaNueva.idCitaAnterior, old.id);
    assert.equal(citaNueva.inicio.toISOString(), '2026-03-04T10:00:00.000Z');
    assert.equal(citaNueva.motivo, 'Empaste');
    assert.equal(citaNueva.duracionMin, 45);
    assert.equal(citaNueva.idCentro, 2);
    assert.equal(citaNueva.idDoctor, old.idDoctor);
    assert.equal(citaNueva.idPaciente, old.idPaciente);
    assert.equal(citaAnterior.estado, 'Cancelada');
    assert.equal(citaAnterior.idCitaNueva, citaNueva.id);
    assert.deepEqual(await w.get.execute(old.id, anAdmin()), citaAnterior);
    assert.deepEqual(await w.get.execute(citaNueva.id, anAdmin()), citaNueva);

    assert.deepEqual((await w.history.execute(old.id, anAdmin())).map((e) => e.accion), ['creada', 'reprogramada']);
    assert.deepEqual((await w.history.execute(citaNueva.id, anAdmin())).map((e) => e.accion), ['creada']);
    const reminders = w.fakes!.outbox.pending().filter((m) => m.tipo === 'recordatorio');
    assert.deepEqual(reminders.map((m) => m.idCita), [citaNueva.id], 'only the new cita keeps a reminder');
    assert.ok(w.fakes!.outbox.all().some((m) => m.tipo === 'cita_cambiada' && m.idCita === citaNueva.id));
  });

  it('does not count the old cita\'s own slot as a conflict (moving 15 minutes later)', async () => {
    const w = citasWorld();
    const old = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    const { citaNueva } = await w.reschedule.execute({ idCita: old.id, inicio: w.at('2026-03-03T10:15:00') }, w.directoryCaller(anAdmin()));
    assert.equal(citaNueva.inicio.toISOString(), '2026-03-03T09:15:00.000Z');
  });

  it('checks every booking rule for the new values and says the cita could not be changed, and why', async () => {
    const w = citasWorld();
    w.directory.withDoctor(aDoctor().withId(8).inactive().build());
    const old = await w.bookAs(anAdmin(), { idPaciente: 1, fecha: '2026-03-03T10:00:00' });
    await w.bookAs(anAdmin(), { idPaciente: 2, idDoctor: 2, fecha: '2026-03-05T10:00:00' });
    const caller = w.directoryCaller(anAdmin());
    await assert.rejects(w.reschedule.execute({ idCita: old.id, idDoctor: 8 }, caller), code('DOCTOR_INACTIVO', /^No se pudo cambiar la cita: .*baja/));
    await assert.rejects(w.reschedule.execute({ idCita: old.id, idDoctor: 2, inicio: w.at('2026-03-05T10:10:00') }, caller), code('DOCTOR_OCUPADO', /No se pudo cambiar/));
    await assert.rejects(w.reschedule.execute({ idCita: old.id, inicio: w.at('2026-03-01T10:00:00') }, caller), code('FECHA_PASADA', /No se pudo cambiar/));
    await assert.rejects(w.reschedule.execute({ idCita: old.id, idCentro: 5 }, caller), code('CENTRO_NO_EXISTE'));
    await assert.rejects(w.reschedule.execute({ idCita: old.id, duracionMin: 7 }, caller), code('VALIDACION'));
    await assert.rejects(w.reschedule.execute({ idCita: old.id }, caller), code('VALIDACION', /al menos un dato|ningún dato/));
    assert.equal((await w.get.execute(old.id, anAdmin())).estado, 'Programada');
    assert.equal(w.fakes!.appointments.all().length, 2);
  });

  it('refuses a change that changes nothing: no new cita, no history line, no notice to the patient', async () => {
    const w = citasWorld();
    const old = await w.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00', motivo: 'Empaste', duracionMin: 45, idCentro: 2 });
    const before = { citas: w.fakes!.appointments.all(), history: w.fakes!.history.all(), outbox: w.fakes!.outbox.all() };
    const caller = w.directoryCaller(aPaciente(1));
    for (const same of [
      { inicio: w.at('2026-03-03T10:00:00') },
      { inicio: new Date(old.inicio.getTime()), motivo: 'Empaste', duracionMin: 45, idCentro: 2, idDoctor: old.idDoctor },
      { motivo: 'Empaste' },
    ]) {
      await assert.rejects(w.reschedule.execute({ idCita: old.id, ...same }, caller), code('VALIDACION', /nada que cambiar/));
    }
    assert.deepEqual(
      { citas: w.fakes!.appointments.all(), history: w.fakes!.history.all(), outbox: w.fakes!.outbox.all() },
      before,
    );
    const onMotivo = await w.reschedule.execute({ idCita: old.id, motivo: 'Empaste' }, caller).catch((err: DomainError) => err);
    assert.deepEqual((onMotivo as DomainError).errors?.map((e) => e.path), ['motivo'], 'the problem is on the field she sent');
    const { citaNueva } = await w.reschedule.execute({ idCita: old.id, motivo: 'Empaste y limpieza' }, caller);
    assert.equal(citaNueva.motivo, 'Empaste y limpieza', 'a change of the motivo alone is still a change');
  });

  it('refuses a new slot that overlaps another cita of the same patient', async () => {
    const w = citasWorld();
    const old = await w.bookAs(aPaciente(1), { fecha: '2026-03-03T10:00:00' });
    await w.bookAs(aPaciente(1), { idDoctor: 2, fecha: '2026-03-04T10:00:00' });
    await assert.rejects(
      w.reschedule.execute({ idCita: old.id, inicio: w.at('2026-03-04T10:20:00') }, w.directoryCaller(aPaciente(1))),
      code('PACIENTE_OCUPADO'),
    );
  });

  it('lets a patient at the cap change a cita (the old one stops counting)', async () => {
    const w = citasWorld({ policy: { maxFutureCitas: 1 } });
    const old = await w.bookAs(aPaciente(1));
    const { citaNueva } = await w.reschedule.execute({ idCita: old.id, inicio: w.at('2026-03-06T10:00:00') }, w.directoryCaller(aPaciente(1)));
    assert.equal(citaNueva.estado, 'Programada');
  });

  it('leaves nothing behind when the write fails half way (the unit of work rolls back)', async () => {
    const w = citasWorld();
    const old = await w.bookAs(anAdmin());
    const before = { citas: w.fakes!.appointments.all(), history: w.fakes!.history.all(), outbox: w.fakes!.outbox.all() };
    const realAdd = w.fakes!.appointments.add.bind(w.fakes!.appointments);
    let inserted = false;
    w.fakes!.history.record = async () => {
      if (inserted) throw new Error('disk full');
    };
    w.fakes!.appointments.add = async (c) => {
      inserted = true;
      return await realAdd(c);
    };
    await assert.rejects(w.reschedule.execute({ idCita: old.id, inicio: w.at('2026-03-05T10:00:00') }, w.directoryCaller(anAdmin())), /disk full/);
    assert.deepEqual(w.fakes!.appointments.all(), before.citas);
    assert.deepEqual(w.fakes!.outbox.all(), before.outbox);
  });

  it('refuses to change a replaced cita (409 CITA_REEMPLAZADA): change its successor', async () => {
    const w = citasWorld();
    const old = await w.bookAs(anAdmin());
    const { citaNueva } = await w.reschedule.execute({ idCita: old.id, motivo: 'Otro motivo' }, w.directoryCaller(anAdmin()));
    await assert.rejects(w.reschedule.execute({ idCita: old.id, motivo: 'Otra vez' }, w.directoryCaller(anAdmin())), code('CITA_REEMPLAZADA', /^No se pudo cambiar la cita: Esta cita ya se cambió por otra; modifique la nueva\.$/));
    const { citaNueva: third } = await w.reschedule.execute({ idCita: citaNueva.id, motivo: 'Otra vez' }, w.directoryCaller(anAdmin()));
    assert.equal(third.idCitaAnterior, citaNueva.id);
  });

  it('refuses to change a cancelled cita (409) and one that has started (409 CITA_PASADA)', async () => {
    const w = citasWorld();
    const a = await w.bookAs(anAdmin(), { fecha: '2026-03-03T10:00:00' });
    const b = await w.bookAs(anAdmin(), { fecha: '2026-03-04T10:00:00' });
    await w.cancel.execute({ idCita: a.id }, anAdmin());
    await assert.rejects(w.reschedule.execute({ idCita: a.id, motivo: 'x' }, w.directoryCaller(anAdmin())), code('CITA_YA_CANCELADA'));
    w.clock.set('2026-03-04T09:00:00Z');
    await assert.rejects(w.reschedule.execute({ idCita: b.id, inicio: w.at('2026-03-10T10:00:00') }, w.directoryCaller(anAdmin())), code('CITA_PASADA'));
  });

  it('applies the same permissions as cancelling: own patient, secretaria, admin; doctor 403; others 404', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin(), { idPaciente: 1, idDoctor: 1 });
    await assert.rejects(w.reschedule.execute({ idCita: cita.id, motivo: 'x' }, w.directoryCaller(aMedico(1))), code('PROHIBIDO'));
    await assert.rejects(w.reschedule.execute({ idCita: cita.id, motivo: 'x' }, w.directoryCaller(aPaciente(2))), code('NO_ENCONTRADO'));
    await assert.rejects(w.reschedule.execute({ idCita: 404, motivo: 'x' }, w.directoryCaller(anAdmin())), code('NO_ENCONTRADO'));
    const { citaNueva } = await w.reschedule.execute({ idCita: cita.id, motivo: 'Por secretaría' }, w.directoryCaller(aSecretaria()));
    assert.equal(citaNueva.idUserRegistrado, aSecretaria().userId);
  });

  it('answers 503 (not a wrapped message) when the directory is down, and changes nothing', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin());
    w.directory.down();
    await assert.rejects(w.reschedule.execute({ idCita: cita.id, motivo: 'x' }, w.directoryCaller(anAdmin())), code('SERVICIO_NO_DISPONIBLE'));
    assert.equal((await w.get.execute(cita.id, anAdmin())).estado, 'Programada');
  });

  it('re-reads the cita inside the transaction: a cancel that lands while the directory answers wins', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin());
    const realCenter = w.directory.lookUp.bind(w.directory);
    w.directory.lookUp = async (wanted, caller) => {
      await w.cancel.execute({ idCita: cita.id }, anAdmin());
      return realCenter(wanted, caller);
    };
    await assert.rejects(w.reschedule.execute({ idCita: cita.id, motivo: 'x' }, w.directoryCaller(anAdmin())), (err: unknown) => {
      assert.ok(err instanceof DomainError);
      assert.equal(err.code, 'CITA_YA_CANCELADA');
      return true;
    });
    assert.equal(w.fakes!.appointments.all().length, 1);
  });

  it('refuses when the agenda rules refuse the new slot, and changes nothing', async () => {
    const w = citasWorld();
    const cita = await w.bookAs(anAdmin());
    await w.fakes!.absences.add({ idDoctor: 1, desde: w.at('2026-03-09T00:00:00'), hasta: w.at('2026-03-10T00:00:00'), motivo: 'Congreso' });
    await assert.rejects(w.reschedule.execute({ idCita: cita.id, inicio: w.at('2026-03-09T10:00:00') }, w.directoryCaller(anAdmin())), code('DOCTOR_AUSENTE', /No se pudo cambiar.*ausente/));
    assert.equal((await w.get.execute(cita.id, anAdmin())).estado, 'Programada');
  });
});

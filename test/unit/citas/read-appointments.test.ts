import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { citaJson as citaFields } from '../../../adapters/http/citas/cita-json';
import { citasWorld } from '../../builders/citas-world';
import { aMedico, anAdmin, aPaciente, aSecretaria } from '../../builders/principals';
import { code } from './expect';

const PAGE = { page: 1, pageSize: 20 };

async function clinicWithCitas() {
  const w = citasWorld({ now: '2026-03-20T08:00:00Z' });
  const c1 = await w.bookAs(anAdmin(), { idPaciente: 1, idDoctor: 1, idCentro: 1, fecha: '2026-03-29T00:30:00' });
  const c2 = await w.bookAs(anAdmin(), { idPaciente: 2, idDoctor: 1, idCentro: 2, fecha: '2026-03-29T23:30:00' });
  const c3 = await w.bookAs(anAdmin(), { idPaciente: 1, idDoctor: 2, idCentro: 1, fecha: '2026-03-30T00:00:00' });
  const c4 = await w.bookAs(anAdmin(), { idPaciente: 3, idDoctor: 2, idCentro: 2, fecha: '2026-03-28T23:59:00' });
  return { w, c1, c2, c3, c4 };
}

describe('reading one cita', () => {
  it('is allowed to admin, secretaria, its doctor and its patient; anyone else gets 404, never 403', async () => {
    const { w, c1 } = await clinicWithCitas();
    for (const who of [anAdmin(), aSecretaria(), aMedico(1), aPaciente(1)]) {
      assert.equal((await w.get.execute(c1.id, who)).id, c1.id);
    }
    for (const who of [aMedico(2), aPaciente(2)]) {
      await assert.rejects(w.get.execute(c1.id, who), code('NO_ENCONTRADO'));
    }
    await assert.rejects(w.get.execute(999, anAdmin()), code('NO_ENCONTRADO'));
  });

  it('its history follows the same rule and lists changes oldest first', async () => {
    const { w, c1 } = await clinicWithCitas();
    await w.changeStatus.execute({ idCita: c1.id, estado: 'Confirmada' }, aPaciente(1));
    await w.cancel.execute({ idCita: c1.id }, aSecretaria());
    const entries = await w.history.execute(c1.id, aMedico(1));
    assert.deepEqual(entries.map((e) => [e.accion, e.rol]), [['creada', 'admin'], ['confirmada', 'paciente'], ['cancelada', 'secretaria']]);
    await assert.rejects(w.history.execute(c1.id, aPaciente(2)), code('NO_ENCONTRADO'));
  });

  it('has contract field names with the clinic offset, and links only when set', async () => {
    const { w, c1 } = await clinicWithCitas();
    assert.deepEqual(citaFields(c1), {
      id_cita: c1.id,
      fecha: '2026-03-29T00:30:00+01:00',
      duracion_min: 30,
      motivo: 'Revisión',
      estado: 'Programada',
      id_paciente: 1,
      id_doctor: 1,
      id_centro: 1,
      id_user_registrado: anAdmin().userId,
    });
    const { citaNueva, citaAnterior } = await w.reschedule.execute({ idCita: c1.id, inicio: w.at('2026-04-01T10:00:00') }, w.directoryCaller(anAdmin()));
    assert.equal(citaFields(citaNueva).fecha, '2026-04-01T10:00:00+02:00');
    assert.equal(citaFields(citaNueva).id_cita_anterior, c1.id);
    assert.equal(citaFields(citaAnterior).id_cita_nueva, citaNueva.id);
    assert.match(citaFields(citaAnterior).motivo_cancelacion ?? '', /Reprogramada/);
  });
});

describe('listing citas', () => {
  it('admin and secretaria see all, ordered by start; fecha is optional', async () => {
    const { w, c1, c2, c3, c4 } = await clinicWithCitas();
    for (const who of [anAdmin(), aSecretaria()]) {
      const page = await w.list.execute({}, PAGE, who);
      assert.deepEqual(page.items.map((c) => c.id), [c4.id, c1.id, c2.id, c3.id]);
      assert.equal(page.total, 4);
    }
  });

  it('fecha selects the clinic day, 23 h long on 2026-03-29', async () => {
    const { w, c1, c2 } = await clinicWithCitas();
    const page = await w.list.execute({ fecha: '2026-03-29' }, PAGE, aSecretaria());
    assert.deepEqual(page.items.map((c) => c.id), [c1.id, c2.id]);
  });

  it('admin combines any filter', async () => {
    const { w, c2, c3, c4 } = await clinicWithCitas();
    assert.deepEqual((await w.list.execute({ idCentro: 2 }, PAGE, anAdmin())).items.map((c) => c.id), [c4.id, c2.id]);
    assert.deepEqual((await w.list.execute({ idDoctor: 2, idPaciente: 1 }, PAGE, anAdmin())).items.map((c) => c.id), [c3.id]);
    await w.cancel.execute({ idCita: c4.id }, anAdmin());
    assert.deepEqual((await w.list.execute({ estado: 'Cancelada' }, PAGE, anAdmin())).items.map((c) => c.id), [c4.id]);
    assert.equal((await w.list.execute({ estado: 'Programada' }, PAGE, anAdmin())).total, 3);
  });

  it('a doctor sees only their citas and gets 403 asking for another doctor\'s', async () => {
    const { w, c1, c2 } = await clinicWithCitas();
    assert.deepEqual((await w.list.execute({}, PAGE, aMedico(1))).items.map((c) => c.id), [c1.id, c2.id]);
    assert.deepEqual((await w.list.execute({ idPaciente: 2 }, PAGE, aMedico(1))).items.map((c) => c.id), [c2.id]);
    await assert.rejects(w.list.execute({ idDoctor: 2 }, PAGE, aMedico(1)), code('PROHIBIDO'));
  });

  it('a patient sees only their citas and gets 403 asking for another patient\'s', async () => {
    const { w, c1, c3 } = await clinicWithCitas();
    assert.deepEqual((await w.list.execute({}, PAGE, aPaciente(1))).items.map((c) => c.id), [c1.id, c3.id]);
    assert.deepEqual((await w.list.execute({ fecha: '2026-03-30' }, PAGE, aPaciente(1))).items.map((c) => c.id), [c3.id]);
    await assert.rejects(w.list.execute({ idPaciente: 3 }, PAGE, aPaciente(1)), code('PROHIBIDO'));
    assert.equal((await w.list.execute({}, PAGE, aPaciente(4))).total, 0);
  });

  it('pages: total counts every match, items only the page', async () => {
    const { w, c2, c3 } = await clinicWithCitas();
    const page = await w.list.execute({}, { page: 2, pageSize: 2 }, anAdmin());
    assert.deepEqual(page.items.map((c) => c.id), [c2.id, c3.id]);
    assert.deepEqual([page.page, page.pageSize, page.total], [2, 2, 4]);
    assert.equal((await w.list.execute({}, { page: 3, pageSize: 2 }, anAdmin())).items.length, 0);
  });
});

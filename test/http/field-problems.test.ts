import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestSystem, type TestSystem } from '../support/citas';

/**
 * What a client is told when a request's fields are wrong: the web front
 * desk shows each message of a 422 under the field its `path` names, and the
 * loader prints them next to the CSV row. So every problem names the field
 * (an unknown key too), says in plain Spanish what to do, and one answer
 * carries every field's problem, not only the first stage's.
 */

type Problem = { path: string; message: string };

const paths = (errors: Problem[]) => [...new Set(errors.map((e) => e.path))].sort();

describe('field problems a receptionist can act on', () => {
  let sys: TestSystem;
  let token: string;

  before(async () => {
    sys = await startTestSystem();
    token = sys.adminToken;
  });
  after(async () => {
    await sys?.close();
  });

  it('an unknown field of a body is named at its own path: "Campo desconocido."', async () => {
    const doctor = await sys.createDoctor();
    const patch = await sys.admin.request('PATCH', `/admin/doctores/${doctor.id}`, { nombre: 'Dra. Nueva', password: 'Nueva2026x' }, token);
    assert.equal(patch.status, 422);
    assert.deepEqual(patch.body.errors, [{ path: 'password', message: 'Campo desconocido.' }]);

    const cita = await sys.citas.post(
      '/citas',
      { fecha: '2030-01-07T10:00:00', motivo: 'Revisión', id_paciente: 1, id_doctor: 1, id_centro: 1, extra: 1, otro: 2 },
      token,
    );
    assert.equal(cita.status, 422);
    assert.deepEqual(cita.body.errors, [
      { path: 'extra', message: 'Campo desconocido.' },
      { path: 'otro', message: 'Campo desconocido.' },
    ]);
  });

  it('an unknown query parameter is a 400 naming it: "Parámetro desconocido."', async () => {
    const list = await sys.citas.get('/citas?desde=2030-01-01', token);
    assert.equal(list.status, 400);
    assert.deepEqual(list.body.errors, [{ path: 'desde', message: 'Parámetro desconocido.' }]);
  });

  it('a missing field says so: "Falta este campo."', async () => {
    const center = await sys.admin.post('/admin/centros', { nombre: 'Clínica Norte' }, token);
    assert.equal(center.status, 422);
    assert.deepEqual(center.body.errors, [{ path: 'direccion', message: 'Falta este campo.' }]);
  });

  it('a value outside a list names the options, in a query and in a body', async () => {
    const list = await sys.admin.get('/admin/pacientes?estado=BAJA', token);
    assert.equal(list.status, 400);
    assert.deepEqual(list.body.errors, [{ path: 'estado', message: 'Debe ser uno de: ACTIVO, INACTIVO.' }]);

    const patient = await sys.createPatient();
    const patch = await sys.admin.request('PATCH', `/admin/pacientes/${patient.id}`, { estado: 'BAJA' }, token);
    assert.equal(patch.status, 422);
    assert.deepEqual(patch.body.errors, [{ path: 'estado', message: 'Debe ser uno de: ACTIVO, INACTIVO.' }]);
  });

  it('a parameter that is wrong twice over gets one message', async () => {
    const list = await sys.admin.get('/admin/centros?page=99999999999999999999', token);
    assert.equal(list.status, 400);
    assert.equal(list.body.errors.length, 1, JSON.stringify(list.body.errors));
    assert.equal(list.body.errors[0].path, 'page');
    assert.equal(list.body.errors[0].message, 'Debe ser como máximo 1000000.');
  });

  /**
   * A query parameter written twice (?page=1&page=2) reaches a route as a
   * list; "Debe ser un texto." says nothing to whoever wrote the URL. Every
   * route's query says, at that parameter, to give it once.
   */
  it('a query parameter given twice is a 400 naming it: "Indíquelo una sola vez."', async () => {
    const once = 'Indíquelo una sola vez.';
    const pages = await sys.citas.get('/citas?page=1&page=2', token);
    assert.equal(pages.status, 400);
    assert.equal(pages.body.code, 'PARAMETRO_INVALIDO');
    assert.deepEqual(pages.body.errors, [{ path: 'page', message: once }]);
    assert.equal(pages.body.detail, `Parámetros de consulta no válidos: page: ${once}`);

    const days = await sys.citas.get('/citas?fecha=2030-01-07&fecha=2030-01-08', token);
    assert.deepEqual([days.status, days.body.errors], [400, [{ path: 'fecha', message: once }]]);

    const slots = await sys.citas.get('/citas/disponibilidad?id_doctor=1&id_doctor=2&fecha=2030-01-07', token);
    assert.deepEqual([slots.status, slots.body.errors], [400, [{ path: 'id_doctor', message: once }]]);

    const estados = await sys.admin.get('/admin/pacientes?estado=ACTIVO&estado=INACTIVO', token);
    assert.deepEqual([estados.status, estados.body.errors], [400, [{ path: 'estado', message: once }]]);

    // Beside another problem, each keeps its own; an unknown parameter given twice is still unknown.
    const both = await sys.citas.get('/citas?page=1&page=2&desde=a&desde=b&page_size=0', token);
    assert.deepEqual(both.body.errors, [
      { path: 'page', message: once },
      { path: 'page_size', message: 'Debe ser como mínimo 1.' },
      { path: 'desde', message: 'Parámetro desconocido.' },
    ]);
  });

  it('a schema\'s own message stays its own', async () => {
    const list = await sys.admin.get('/admin/centros?page=1e1', token);
    assert.equal(list.status, 400);
    assert.deepEqual(list.body.errors, [{ path: 'page', message: 'Debe ser un entero escrito solo con cifras.' }]);
  });

  const badPatient = { nombre: '', telefono: 'abc', username: 'a b', password: 'x' };

  it('a patient with four bad fields hears about all four in one 422', async () => {
    const res = await sys.admin.post('/admin/pacientes', badPatient, token);
    assert.equal(res.status, 422);
    assert.equal(res.body.code, 'VALIDACION');
    assert.deepEqual(paths(res.body.errors), ['nombre', 'password', 'telefono', 'username']);
    assert.ok(
      res.body.errors.some((e: Problem) => e.path === 'password' && e.message === 'Debe tener entre 8 y 128 caracteres.'),
      JSON.stringify(res.body.errors),
    );
    for (const { path } of res.body.errors as Problem[]) assert.match(res.body.detail, new RegExp(`${path}: `), 'the detail names every field');
  });

  it('a /lote item is judged with the same problems as the single create', async () => {
    const single = await sys.admin.post('/admin/pacientes', badPatient, token);
    const bulk = await sys.admin.post('/admin/pacientes/lote', { items: [badPatient, { ...badPatient, extra: 1 }] }, token);
    assert.equal(bulk.status, 200);
    assert.deepEqual(bulk.body.results[0], {
      index: 0,
      status: 422,
      error: { code: 'VALIDACION', detail: single.body.detail, errors: single.body.errors },
    });
    // The unknown key keeps its own problem, and the fields beside it are still judged.
    assert.deepEqual(bulk.body.results[1].error.errors, [{ path: 'extra', message: 'Campo desconocido.' }, ...single.body.errors]);
  });

  it('a cita whose motivo and duracion are both wrong hears about both, at the contract\'s field names', async () => {
    const res = await sys.citas.post(
      '/citas',
      { fecha: '2030-01-07T10:00:00', motivo: ' ', duracion_min: 7, id_paciente: 1, id_doctor: 1, id_centro: 1 },
      token,
    );
    assert.equal(res.status, 422);
    assert.deepEqual(paths(res.body.errors), ['duracion_min', 'motivo']);
  });

  /**
   * A body refused for one field's type (zod, at the edge) is still judged by
   * the core's rules on its other fields, so the first 422 names them all:
   * the receptionist fixes telefono and nombre in one go, not one per save.
   */
  describe('a type problem on one field and a content problem on another, in one 422', () => {
    const problem = (errors: Problem[], path: string) => errors.filter((e) => e.path === path).map((e) => e.message);

    it('a patient: telefono a number, nombre empty', async () => {
      const res = await sys.admin.post('/admin/pacientes', { nombre: '', telefono: 612345678, username: 'ana.tipo', password: 'Sonrisa2026' }, token);
      assert.equal(res.status, 422);
      assert.equal(res.body.code, 'VALIDACION');
      assert.deepEqual(res.body.errors, [
        { path: 'telefono', message: 'Debe ser un texto.' },
        { path: 'nombre', message: 'No puede estar vacío ni tener solo caracteres invisibles.' },
      ]);
      assert.equal(res.body.detail, `2 problemas: telefono: Debe ser un texto. nombre: No puede estar vacío ni tener solo caracteres invisibles.`);
    });

    it('a patient change: estado null, telefono not a phone', async () => {
      const patient = await sys.createPatient();
      const res = await sys.admin.request('PATCH', `/admin/pacientes/${patient.id}`, { estado: null, telefono: 'abc' }, token);
      assert.equal(res.status, 422);
      assert.deepEqual(paths(res.body.errors), ['estado', 'telefono']);
      assert.match(problem(res.body.errors, 'telefono')[0], /teléfono español/);
    });

    it('a doctor: especialidad null, username too short', async () => {
      const res = await sys.admin.post('/admin/doctores', { nombre: 'Dra. Tipo', especialidad: null, username: 'e', password: 'Sonrisa2026' }, token);
      assert.equal(res.status, 422);
      assert.deepEqual(res.body.errors, [
        { path: 'especialidad', message: 'No puede ser null: debe ser un texto.' },
        { path: 'username', message: 'Debe tener entre 3 y 50 caracteres.' },
      ]);
    });

    it('a center: nombre a number, direccion blank', async () => {
      const res = await sys.admin.post('/admin/centros', { nombre: 5, direccion: '   ' }, token);
      assert.equal(res.status, 422);
      assert.deepEqual(res.body.errors, [
        { path: 'nombre', message: 'Debe ser un texto.' },
        { path: 'direccion', message: 'No puede estar vacío ni tener solo caracteres invisibles.' },
      ]);
    });

    it('a user: password a number, username too short and rol medico; a field with a type problem is not judged again', async () => {
      const res = await sys.admin.post('/admin/usuario', { username: 'ab', password: 12345678, rol: 'medico' }, token);
      assert.equal(res.status, 422);
      assert.deepEqual(paths(res.body.errors), ['password', 'rol', 'username']);
      assert.deepEqual(problem(res.body.errors, 'password'), ['Debe ser un texto.']);
      assert.deepEqual(problem(res.body.errors, 'username'), ['Debe tener entre 3 y 50 caracteres.']);

      const policy = await sys.admin.post('/admin/usuario', { username: ['ana'], password: 'corta', rol: 'admin' }, token);
      assert.equal(policy.status, 422);
      assert.deepEqual(problem(policy.body.errors, 'username'), ['Debe ser un texto.']);
      assert.deepEqual(problem(policy.body.errors, 'password'), ['Debe tener entre 8 y 128 caracteres.', 'Debe contener al menos un número.']);
    });

    it('an unknown field keeps its problem beside the content problems', async () => {
      const res = await sys.admin.post('/admin/centros', { nombre: '', direccion: 'Calle Mayor 1', id_centro: 3 }, token);
      assert.equal(res.status, 422);
      assert.deepEqual(res.body.errors, [
        { path: 'id_centro', message: 'Campo desconocido.' },
        { path: 'nombre', message: 'No puede estar vacío ni tener solo caracteres invisibles.' },
      ]);
    });

    it('a /lote item: the same 422 as its single create', async () => {
      const item = { nombre: '', telefono: 612345678, username: 'lote.tipo', password: 'Sonrisa2026' };
      const single = await sys.admin.post('/admin/pacientes', item, token);
      const bulk = await sys.admin.post('/admin/pacientes/lote', { items: [item] }, token);
      assert.equal(bulk.status, 200);
      assert.deepEqual(paths(single.body.errors), ['nombre', 'telefono']);
      assert.deepEqual(bulk.body.results[0], { index: 0, status: 422, error: { code: 'VALIDACION', detail: single.body.detail, errors: single.body.errors } });
    });

    it('a password change: password_actual a number, password_nueva short of the policy', async () => {
      const res = await sys.admin.post('/auth/password', { password_actual: 5, password_nueva: 'corta' }, token);
      assert.equal(res.status, 422);
      assert.deepEqual(problem(res.body.errors, 'password_actual'), ['Debe ser un texto.']);
      assert.deepEqual(problem(res.body.errors, 'password_nueva'), ['Debe tener entre 8 y 128 caracteres.', 'Debe contener al menos un número.']);
    });

    it('a cita: fecha a number, motivo blank and duracion_min off the grid', async () => {
      const res = await sys.citas.post('/citas', { fecha: 20300107, motivo: ' ', duracion_min: 7, id_paciente: 1, id_doctor: 1, id_centro: 1 }, token);
      assert.equal(res.status, 422);
      assert.equal(res.body.code, 'VALIDACION');
      assert.deepEqual(paths(res.body.errors), ['duracion_min', 'fecha', 'motivo']);
      assert.deepEqual(problem(res.body.errors, 'fecha'), ['Debe ser un texto.']);
    });

    /**
     * PUT /citas/{id} carries one of three requests; which fields go together
     * is the core's rule, judged by which fields were sent, whatever their
     * values. A field of the wrong type still mixes, and a mix is named with
     * the type problems, not only once the types are fixed.
     */
    describe('a cita change: the mix of estado with change fields, beside type and content problems', () => {
      const mixed = (fields: string) => `No se puede cambiar el estado y a la vez ${fields}: envíe dos peticiones.`;
      const put = (body: unknown) => sys.citas.put('/citas/1', body, token);

      it('estado with motivo blank and duracion_min a text', async () => {
        const res = await put({ estado: 'Confirmada', motivo: ' ', duracion_min: '30' });
        assert.equal(res.status, 422);
        assert.equal(res.body.code, 'VALIDACION');
        assert.deepEqual(paths(res.body.errors), ['duracion_min', 'motivo']);
        assert.deepEqual(problem(res.body.errors, 'duracion_min'), ['Debe ser un número.']);
        assert.deepEqual(problem(res.body.errors, 'motivo'), [
          mixed('motivo, duracion_min'),
          'El motivo no puede estar vacío ni tener solo caracteres invisibles.',
        ]);
      });

      it('estado with fecha a number: the mix is named at fecha, beside its type problem', async () => {
        const res = await put({ estado: 'Cancelada', fecha: 20300107 });
        assert.equal(res.status, 422);
        assert.deepEqual(res.body.errors, [
          { path: 'fecha', message: 'Debe ser un texto.' },
          { path: 'fecha', message: mixed('fecha') },
        ]);
      });

      it('estado not one of the four, with id_doctor: both named', async () => {
        const res = await put({ estado: 'Programada', id_doctor: 2 });
        assert.equal(res.status, 422);
        assert.deepEqual(paths(res.body.errors), ['estado', 'id_doctor']);
        assert.deepEqual(problem(res.body.errors, 'id_doctor'), [mixed('id_doctor')]);
      });

      it('estado with motivo blank, every type right: the mix and what motivo holds, both at motivo', async () => {
        const res = await put({ estado: 'Cancelada', motivo: ' ' });
        assert.equal(res.status, 422);
        assert.deepEqual(res.body.errors, [
          { path: 'motivo', message: mixed('motivo') },
          { path: 'motivo', message: 'El motivo no puede estar vacío ni tener solo caracteres invisibles.' },
        ]);
      });

      it('motivo_cancelacion without Cancelada, and a control character in it, beside id_centro a text', async () => {
        const res = await put({ motivo_cancelacion: 'Viaje\u0007', id_centro: 'uno' });
        assert.equal(res.status, 422);
        assert.deepEqual(paths(res.body.errors), ['id_centro', 'motivo_cancelacion']);
        assert.equal(problem(res.body.errors, 'motivo_cancelacion')[0], 'Solo se admite junto con "estado": "Cancelada".');
        assert.equal(problem(res.body.errors, 'motivo_cancelacion').length, 2, JSON.stringify(res.body.errors));
      });
    });

    it('a schedule: id_centro a text, a franja ending before it starts', async () => {
      const doctor = await sys.createDoctor();
      const res = await sys.citas.put(`/agenda/${doctor.id}/horario`, { id_centro: 'uno', franjas: [{ dia: 1, desde: '14:00', hasta: '09:00' }] }, token);
      assert.equal(res.status, 422);
      assert.deepEqual(paths(res.body.errors), ['franjas.0.hasta', 'id_centro']);
    });

    it('an absence: desde not a date, a control character in motivo', async () => {
      const doctor = await sys.createDoctor();
      const res = await sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: 'mañana', hasta: '2030-01-08', motivo: 'Curso\u0007' }, token);
      assert.equal(res.status, 422);
      assert.deepEqual(paths(res.body.errors), ['desde', 'motivo']);
    });
  });
});

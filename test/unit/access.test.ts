import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, type Action, assertMay, type Decision, decide, rolesThatMay } from '../../core/domain/access';
import type { Principal } from '../../core/domain/roles';
import { aMedico, anAdmin, aPaciente, aSecretaria } from '../builders/principals';
import { adminRoutes, type AdminHttpDeps } from '../../adapters/http/admin/admin-routes';
import { agendaRoutes } from '../../adapters/http/citas/agenda-routes';
import { citasRoutes } from '../../adapters/http/citas/citas-routes';
import type { RouteSpec } from '../../adapters/http/route';

/**
 * Every decision of core/domain/access.ts, written out. Columns: admin,
 * secretaria, a medico about their own record and about another doctor's,
 * a paciente about their own and about another patient's. The record is
 * doctor 1's and patient 1's: "own" callers are medico 1 and paciente 1.
 */
const P = 'permitido';
const X = 'prohibido'; // 403: may know the record exists, may not do this
const H = 'oculto'; // 404: may not even know it exists
const TABLE: Record<Action, [Decision, Decision, Decision, Decision, Decision, Decision]> = {
  //                           admin secre medico  ajeno  pac.   ajeno
  'sesion.consultar':         [P, P, P, P, P, P],
  'sesion.cerrar':            [P, P, P, P, P, P],
  'contrasena.cambiar':       [P, P, P, P, P, P],
  'contrasenas.restablecer':  [P, X, X, X, X, X],
  'usuarios.gestionar':       [P, X, X, X, X, X],
  'doctores.consultar':       [P, P, P, P, P, P],
  'doctores.gestionar':       [P, X, X, X, X, X],
  'centros.consultar':        [P, P, P, P, P, P],
  'centros.gestionar':        [P, X, X, X, X, X],
  'pacientes.listar':         [P, P, P, P, X, X],
  'paciente.consultar':       [P, P, P, P, P, H],
  'pacientes.gestionar':      [P, X, X, X, X, X],
  'cita.reservar':            [P, X, X, X, P, X],
  'cita.reservarFueraDeHueco': [P, P, X, X, X, X],
  'citas.listar':             [P, P, P, X, P, X],
  'cita.consultar':           [P, P, P, H, P, H],
  'cita.cancelar':            [P, P, X, H, P, H],
  'cita.cambiar':             [P, P, X, H, P, H],
  'cita.confirmar':           [P, P, X, H, P, H],
  'cita.registrarAsistencia': [P, P, P, H, X, H],
  'disponibilidad.consultar': [P, P, P, P, P, P],
  'horario.consultar':        [P, P, P, P, P, P],
  'horario.definir':          [P, P, X, X, X, X],
  'ausencias.consultar':      [P, P, P, P, P, P],
  'ausencias.verMotivo':      [P, P, P, X, X, X],
  'ausencias.gestionar':      [P, P, P, X, X, X],
};

const RECORD = { idDoctor: 1, idPaciente: 1 };
const CALLERS: Principal[] = [anAdmin(), aSecretaria(), aMedico(1), aMedico(2), aPaciente(1), aPaciente(2)];

describe('who may do what (core/domain/access.ts)', () => {
  it('the table lists every action', () => {
    assert.deepEqual(Object.keys(TABLE).sort(), [...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    it(`${action}: ${TABLE[action].join(', ')}`, () => {
      assert.deepEqual(CALLERS.map((who) => decide(who, action, RECORD)), TABLE[action]);
    });
  }

  it('a medico or paciente token not linked to a record owns nothing', () => {
    assert.equal(decide({ userId: 9, username: 'x', rol: 'medico' }, 'cita.consultar', RECORD), 'oculto');
    assert.equal(decide({ userId: 9, username: 'x', rol: 'paciente' }, 'cita.reservar', RECORD), 'prohibido');
  });

  it('RESERVA_SECRETARIA turns on exactly one grant: a secretaria books citas for any patient; every other decision stays', () => {
    const on = { reservaSecretaria: true };
    for (const action of ACTIONS) {
      const expected = action === 'cita.reservar' ? ([P, P, X, X, P, X] as const) : TABLE[action];
      assert.deepEqual(CALLERS.map((who) => decide(who, action, RECORD, on)), expected, action);
    }
    assert.throws(() => assertMay(aSecretaria(), 'cita.reservar', RECORD), { code: 'PROHIBIDO', message: /RESERVA_SECRETARIA/ });
    assert.doesNotThrow(() => assertMay(aSecretaria(), 'cita.reservar', RECORD, undefined, on));
  });

  it('a refusal is 404 when hidden, 403 with the reason otherwise', () => {
    assert.throws(() => assertMay(aMedico(2), 'cita.cancelar', RECORD), { code: 'NO_ENCONTRADO' });
    assert.throws(() => assertMay(aMedico(1), 'cita.cancelar', RECORD), { code: 'PROHIBIDO', message: /médico no puede cancelar/ });
    assert.doesNotThrow(() => assertMay(aPaciente(1), 'cita.cancelar', RECORD));
  });
});

/** Which actions each HTTP route performs: its coarse role gate must be exactly the roles those actions are open to. */
const ROUTE_ACTIONS: Record<string, Action[]> = {
  'GET /auth/me': ['sesion.consultar'],
  'POST /auth/logout': ['sesion.cerrar'],
  'POST /auth/password': ['contrasena.cambiar'],
  'POST /admin/usuario/:id/password': ['contrasenas.restablecer'],
  'POST /admin/usuario/lote': ['usuarios.gestionar'],
  'POST /admin/usuario': ['usuarios.gestionar'],
  'GET /admin/usuario': ['usuarios.gestionar'],
  'GET /admin/usuario/:id': ['usuarios.gestionar'],
  'PATCH /admin/usuario/:id': ['usuarios.gestionar'],
  'DELETE /admin/usuario/:id': ['usuarios.gestionar'],
  'POST /admin/doctores/lote': ['doctores.gestionar'],
  'POST /admin/doctores': ['doctores.gestionar'],
  'GET /admin/doctores': ['doctores.consultar'],
  'GET /admin/doctores/:id': ['doctores.consultar'],
  'PATCH /admin/doctores/:id': ['doctores.gestionar'],
  'DELETE /admin/doctores/:id': ['doctores.gestionar'],
  'POST /admin/pacientes/lote': ['pacientes.gestionar'],
  'POST /admin/pacientes': ['pacientes.gestionar'],
  'GET /admin/pacientes': ['pacientes.listar'],
  'GET /admin/pacientes/:id': ['paciente.consultar'],
  'PATCH /admin/pacientes/:id': ['pacientes.gestionar'],
  'DELETE /admin/pacientes/:id': ['pacientes.gestionar'],
  'POST /admin/centros/lote': ['centros.gestionar'],
  'POST /admin/centros': ['centros.gestionar'],
  'GET /admin/centros': ['centros.consultar'],
  'GET /admin/centros/:id': ['centros.consultar'],
  'PATCH /admin/centros/:id': ['centros.gestionar'],
  'DELETE /admin/centros/:id': ['centros.gestionar'],
  // a booking's doctor, center and patient in one read, each under its own rule
  'GET /admin/directorio': ['doctores.consultar', 'centros.consultar', 'paciente.consultar'],
  'POST /citas': ['cita.reservar'],
  'GET /citas': ['citas.listar'],
  'GET /citas/:id': ['cita.consultar'],
  // one route, four requests: cancel, change, confirm, attended / no-show
  'PUT /citas/:id': ['cita.cancelar', 'cita.cambiar', 'cita.confirmar', 'cita.registrarAsistencia'],
  'DELETE /citas/:id': ['cita.cancelar'],
  'GET /citas/:id/historial': ['cita.consultar'],
  'GET /citas/disponibilidad/proximos': ['disponibilidad.consultar'],
  'GET /citas/disponibilidad': ['disponibilidad.consultar'],
  'PUT /agenda/:id_doctor/horario': ['horario.definir'],
  'GET /agenda/:id_doctor/horario': ['horario.consultar'],
  'POST /agenda/:id_doctor/ausencias': ['ausencias.gestionar'],
  'GET /agenda/:id_doctor/ausencias': ['ausencias.consultar'],
  'GET /agenda/:id_doctor/ausencias/:id': ['ausencias.consultar'],
  'DELETE /agenda/:id_doctor/ausencias/:id': ['ausencias.gestionar'],
};

describe('route role gates agree with the access module', () => {
  // Routes are only declared here, never called: their handlers are not reached.
  const unused = {} as never;
  const routes: RouteSpec[] = [
    ...adminRoutes(unused as AdminHttpDeps),
    ...citasRoutes({ timeZone: 'Europe/Madrid', useCases: unused }),
    ...agendaRoutes({ timeZone: 'Europe/Madrid', useCases: unused }),
  ];
  const authenticated = routes.filter((r) => r.roles !== 'public');

  it('every authenticated route is mapped to the actions it performs', () => {
    const keys = authenticated.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    assert.deepEqual(keys.filter((k) => !(k in ROUTE_ACTIONS)), []);
    assert.deepEqual(Object.keys(ROUTE_ACTIONS).filter((k) => !keys.includes(k)), [], 'a mapped route that is no longer mounted');
  });

  for (const r of authenticated) {
    const key = `${r.method.toUpperCase()} ${r.path}`;
    it(`${key} lets in exactly the roles its actions are open to`, () => {
      const open = new Set((ROUTE_ACTIONS[key] ?? []).flatMap(rolesThatMay));
      assert.deepEqual([...(r.roles as readonly string[])].sort(), [...open].sort());
    });
  }
});

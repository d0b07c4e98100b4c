import type { Cita } from '../../../core/domain/appointment';
import { assertOneCitaChange } from '../../../core/domain/appointment-change-request';
import { formatClinicDateTime } from '../../../core/domain/clinic-time';
import { clinicDateTimeWords } from '../../../core/domain/clinic-time-words';
import { ROLES, type Principal } from '../../../core/domain/roles';
import type { Caller } from '../../../core/ports/directory';
import type { HistoryEntry } from '../../../core/ports/history';
import type { NuevoEstado } from '../../../core/use-cases/change-appointment-status';
import type { CitasUseCases } from '../../../core/use-cases/citas-use-cases';
import { created, ok, type Reply, route, type RouteSpec } from '../route';
import { citaJson } from './cita-json';
import { idParam, pageJson, pageRequestOf } from '../schemas';
import { bookBody, changeResult, citaChangeOf, citaMessage, citaPage, citaSchema, historySchema, idempotencyHeaders, listQuery, putBody } from './schemas';

/** The citas use cases (citasUseCases), and the zone the answers' times are written in. */
export interface CitasHttpDeps {
  timeZone: string;
  useCases: CitasUseCases;
}

const STATUS_MESSAGE: Record<NuevoEstado, string> = {
  Confirmada: 'Cita confirmada',
  Atendida: 'Cita marcada como atendida',
  NoAsistio: 'Cita marcada como no asistida',
};

const TAGS = ['citas'];
const WRITERS = ['paciente', 'secretaria', 'admin'] as const;

/** An answer given again under an Idempotency-Key says so; nothing was done now. */
function replayedIf(reply: Reply, replayed: boolean): Reply {
  return replayed ? { ...reply, headers: { ...reply.headers, 'Idempotent-Replayed': 'true' } } : reply;
}

/** The 200 (or 201) header of an answer that repeats an earlier one (Idempotency-Key). */
const REPLAYED_HEADER = (what: string) => ({
  'Idempotent-Replayed': {
    description: `true: esta respuesta repite la de una petición anterior con la misma Idempotency-Key; no se ha ${what} nada ahora`,
    schema: { type: 'string', const: 'true' },
  },
});

/** The 409 and 422 an Idempotency-Key can add to a route's answers. */
const EN_CURSO =
  'IDEMPOTENCIA_EN_CURSO (con Retry-After): otra petición con la misma Idempotency-Key se guardó a la vez; reintente y recibirá su respuesta ' +
  '(normalmente la segunda espera a la primera y recibe su respuesta, sin este 409).';
const REUTILIZADA = (what: string) =>
  `IDEMPOTENCIA_REUTILIZADA: esa Idempotency-Key ya se usó con otra petición (otra operación, otra cita u otros datos); no se ${what} nada.`;

/**
 * The contract's /citas routes. The route gate checks roles only; who may
 * see or touch WHICH cita is decided by the use cases (404 to anyone who may
 * not see it, 403 to one who sees it but may not do that).
 */
export function citasRoutes({ timeZone: tz, useCases: d }: CitasHttpDeps): RouteSpec[] {
  const json = (cita: Cita) => citaJson(cita, tz);
  const caller = (principal: Principal, token: string, requestId: string): Caller => ({ principal, credential: token, requestId });

  const cancel = async (idCita: number, who: Principal, idempotencyKey: string | undefined, motivoCancelacion?: string) => {
    const { cita, replayed } = await d.cancel.execute({ idCita, motivoCancelacion }, who, idempotencyKey);
    return replayedIf(ok({ message: 'Cita cancelada', cita: json(cita) }), replayed);
  };

  return [
    route({
      method: 'post',
      path: '/citas',
      summary: 'Reservar una cita (paciente para sí mismo, admin; secretaria si RESERVA_SECRETARIA=true)',
      tags: TAGS,
      // Every role cita.reservar may ever be open to: secretaria too, because
      // RESERVA_SECRETARIA can grant it. Whether it does is access.ts's
      // decision in the use case (403 while the setting is off), not the gate's.
      roles: WRITERS,
      body: bookBody(tz),
      headers: idempotencyHeaders,
      responses: {
        201: {
          description:
            'Cita reservada (estado Programada). Con una Idempotency-Key ya usada por quien llama con el mismo cuerpo (en las últimas 24 h): ' +
            'la cita que reservó entonces, tal como se respondió, sin reservar otra.',
          schema: citaSchema,
          headers: REPLAYED_HEADER('reservado'),
        },
        403: { description: 'Un paciente para otro paciente, un médico, o secretaría mientras RESERVA_SECRETARIA=false' },
        409: {
          description:
            'DOCTOR_OCUPADO o PACIENTE_OCUPADO: el horario se solapa con otra cita activa. El detalle identifica esa cita solo a quien puede verla ' +
            '(admin, secretaría, su paciente, su médico); a cualquier otro solo le dice que el hueco está ocupado. ' +
            EN_CURSO,
        },
        422: {
          description:
            'FUERA_DE_HUECO: si el doctor tiene horario, un paciente solo reserva el inicio de un hueco libre de GET /citas/disponibilidad ' +
            'con la duración de sus citas (duracion_cita_min); admin reserva cualquier inicio y duración dentro del horario. ' +
            `${REUTILIZADA('reserva')} ` +
            'También FUERA_DE_HORARIO, DOCTOR_AUSENTE, FECHA_PASADA, LIMITE_CITAS, DOCTOR_NO_EXISTE, DOCTOR_INACTIVO, CENTRO_NO_EXISTE, CENTRO_INACTIVO, PACIENTE_NO_EXISTE, PACIENTE_INACTIVO, VALIDACION',
        },
        503: { description: 'El servicio de administración no responde (Retry-After)' },
      },
      handler: async ({ body, headers, principal, token, req }) => {
        const { cita, replayed } = await d.book.execute(
          {
            inicio: body.fecha,
            motivo: body.motivo,
            idPaciente: body.id_paciente,
            idDoctor: body.id_doctor,
            idCentro: body.id_centro,
            duracionMin: body.duracion_min,
          },
          caller(principal, token, req.id),
          headers['Idempotency-Key'],
        );
        return replayedIf(created(json(cita), `/citas/${cita.id}`), replayed);
      },
    }),
    route({
      method: 'get',
      path: '/citas',
      summary: 'Listar citas (medico y paciente: las suyas; secretaria y admin: todas, con filtros)',
      tags: TAGS,
      roles: ROLES,
      query: listQuery,
      responses: { 200: { description: 'Página de citas, por fecha de inicio', schema: citaPage } },
      handler: async ({ query, principal }) => {
        const page = await d.list.execute(
          { idDoctor: query.id_doctor, idCentro: query.id_centro, idPaciente: query.id_paciente, fecha: query.fecha, estado: query.estado },
          pageRequestOf(query),
          principal,
        );
        return ok(pageJson(page, json));
      },
    }),
    route({
      method: 'get',
      path: '/citas/:id',
      summary: 'Una cita (admin, secretaria, su médico, su paciente)',
      tags: TAGS,
      roles: ROLES,
      params: idParam,
      responses: { 200: { description: 'La cita', schema: citaSchema }, 404: { description: 'No existe o no es visible para quien pregunta' } },
      handler: async ({ params, principal }) => ok(json(await d.get.execute(params.id, principal))),
    }),
    route({
      method: 'put',
      path: '/citas/:id',
      summary: 'Cancelar, cambiar de estado o reprogramar una cita',
      tags: TAGS,
      roles: ROLES,
      params: idParam,
      body: putBody(tz),
      headers: idempotencyHeaders,
      responses: {
        200: {
          description:
            'Cancelada o nuevo estado: {message, cita}. Reprogramada: {message, cita_nueva, cita_anterior}. Con una Idempotency-Key ya usada ' +
            'por quien llama en esta cita con el mismo cuerpo (en las últimas 24 h): la respuesta de entonces, tal como se dio, sin cambiar nada más ' +
            '(no un 409 por la cita que esa petición ya canceló o reprogramó).',
          schema: citaMessage.or(changeResult),
          headers: REPLAYED_HEADER('cambiado'),
        },
        404: { description: 'No existe o no es visible para quien pregunta' },
        409: { description: `Ya cancelada, ya reprogramada, ya comenzada, transición no válida u horario ocupado. ${EN_CURSO}` },
        422: {
          description:
            'Reprogramar: las reglas de la reserva. FUERA_DE_HUECO: con horario, un paciente solo cambia al inicio de un hueco libre de GET /citas/disponibilidad ' +
            '(su propia cita no cuenta como ocupada) con la duración de las citas del doctor, que es la que toma si no indica duracion_min; ' +
            `cambiar solo el motivo conserva su hueco. ${REUTILIZADA('cambia')}`,
        },
        503: { description: 'El servicio de administración no responde (Retry-After)' },
      },
      handler: async ({ params, body, headers, principal, token, req }) => {
        const key = headers['Idempotency-Key'];
        assertOneCitaChange(citaChangeOf(body));
        if (body.estado === 'Cancelada') return cancel(params.id, principal, key, body.motivo_cancelacion);
        if (body.estado !== undefined) {
          const { cita, replayed } = await d.changeStatus.execute({ idCita: params.id, estado: body.estado }, principal, key);
          return replayedIf(ok({ message: STATUS_MESSAGE[body.estado], cita: json(cita) }), replayed);
        }
        const { citaNueva, citaAnterior, antes, replayed } = await d.reschedule.execute(
          {
            idCita: params.id,
            inicio: body.fecha,
            idDoctor: body.id_doctor,
            idCentro: body.id_centro,
            motivo: body.motivo,
            duracionMin: body.duracion_min,
          },
          caller(principal, token, req.id),
          key,
        );
        return replayedIf(
          ok({
            // By day and hour: a patient reads this on the page, where a cita never shows its number.
            message:
              `Cita cambiada al ${clinicDateTimeWords(citaNueva.inicio, tz)}; la del ${clinicDateTimeWords(citaAnterior.inicio, tz)} queda cancelada.` +
              // The contract makes every new cita Programada: a patient who had confirmed would otherwise think she still is.
              (antes?.estado === 'Confirmada' ? ' La nueva cita queda Programada: hay que confirmarla de nuevo.' : ''),
            cita_nueva: json(citaNueva),
            cita_anterior: json(citaAnterior),
          }),
          replayed,
        );
      },
    }),
    route({
      method: 'delete',
      path: '/citas/:id',
      summary: 'Cancelar una cita (igual que PUT con estado Cancelada; nunca se borra)',
      tags: TAGS,
      roles: WRITERS,
      params: idParam,
      headers: idempotencyHeaders,
      responses: {
        200: {
          description:
            'Cita cancelada. Con una Idempotency-Key ya usada por quien llama para cancelar esta cita (en las últimas 24 h): ' +
            'la respuesta de entonces, sin cancelar nada más.',
          schema: citaMessage,
          headers: REPLAYED_HEADER('cancelado'),
        },
        404: { description: 'No existe o no es visible para quien pregunta' },
        409: { description: `Ya cancelada, ya reprogramada (CITA_REEMPLAZADA nombra la cita que la sustituye) o ya comenzada. ${EN_CURSO}` },
        422: { description: REUTILIZADA('cancela') },
      },
      handler: ({ params, headers, principal }) => cancel(params.id, principal, headers['Idempotency-Key']),
    }),
    route({
      method: 'get',
      path: '/citas/:id/historial',
      summary: 'Historial de cambios de una cita, del más antiguo al más reciente',
      tags: TAGS,
      roles: ROLES,
      params: idParam,
      responses: { 200: { description: 'Cambios', schema: historySchema }, 404: { description: 'No existe o no es visible para quien pregunta' } },
      handler: async ({ params, principal }) => {
        const entries = await d.history.execute(params.id, principal);
        return ok(entries.map((e: HistoryEntry) => historyJson(e, tz)));
      },
    }),
  ];
}

function historyJson(e: HistoryEntry, tz: string) {
  return {
    cuando: formatClinicDateTime(e.cuando, tz),
    id_user: e.idUser,
    rol: e.rol,
    accion: e.accion,
    antes: e.antes && citaJson(e.antes, tz),
    despues: e.despues && citaJson(e.despues, tz),
  };
}

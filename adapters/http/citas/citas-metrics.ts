import { Counter, Gauge } from 'prom-client';
import type { Clock } from '../../../core/ports/clock';
import type { OutboxQueue } from '../../../core/ports/outbox';
import type { BreakerState } from '../../remote/circuit-breaker';
import { HttpMetrics } from '../metrics';

const BREAKER_STATES: BreakerState[] = ['cerrado', 'semiabierto', 'abierto'];
const CONFLICTS = new Set(['DOCTOR_OCUPADO', 'PACIENTE_OCUPADO']);
const BOOKING_ROUTES = new Set(['/citas', '/citas/:id']);

export interface CitasMetricsDeps {
  outbox: Pick<OutboxQueue, 'backlog'>;
  clock: Clock;
  /** The circuit breaker in front of the admin service. */
  breakerState: () => BreakerState;
}

/**
 * The citas service's GET /metrics: the HTTP and process metrics every
 * service has, plus bookings made (POST /citas answered 201, replays of an Idempotency-Key not counted), booking
 * conflicts by code (409 DOCTOR_OCUPADO / PACIENTE_OCUPADO on a booking or a
 * change), the outbox backlog and the age of its oldest due message (read
 * from the database at scrape time), and the admin circuit breaker's state.
 * Counts only: no ids, no names, no dates of anybody's cita.
 */
export function citasMetrics(deps: CitasMetricsDeps): HttpMetrics {
  let bookings: Counter | undefined;
  let conflicts: Counter<'code'> | undefined;
  return new HttpMetrics({
    register: (registry) => {
      bookings = new Counter({ name: 'citas_reservas_total', help: 'Citas reservadas (POST /citas respondido 201).', registers: [registry] });
      conflicts = new Counter({
        name: 'citas_conflictos_total',
        help: 'Reservas o cambios rechazados porque el horario se solapa (409), por código.',
        labelNames: ['code'],
        registers: [registry],
      });
      for (const code of CONFLICTS) conflicts.labels(code).inc(0);
      new Gauge({
        name: 'citas_outbox_pendientes',
        help: 'Notificaciones vencidas que aún no se han entregado ni descartado.',
        registers: [registry],
        async collect() {
          this.set((await deps.outbox.backlog(deps.clock.now())).due);
        },
      });
      new Gauge({
        name: 'citas_outbox_pendiente_mas_antigua_segundos',
        help: 'Antigüedad de la notificación vencida más antigua sin entregar (0 si no hay ninguna).',
        registers: [registry],
        async collect() {
          const now = deps.clock.now();
          const { oldestDueAt: oldest } = await deps.outbox.backlog(now);
          this.set(oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0);
        },
      });
      new Gauge({
        name: 'citas_admin_circuito',
        help: 'Estado del cortocircuito hacia el servicio admin: 1 en el estado actual, 0 en los demás.',
        labelNames: ['estado'],
        registers: [registry],
        collect() {
          const current = deps.breakerState();
          for (const estado of BREAKER_STATES) this.labels(estado).set(estado === current ? 1 : 0);
        },
      });
    },
    onResponse: (seen) => {
      if (seen.method === 'POST' && seen.route === '/citas' && seen.status === 201) {
        if (!seen.replayed) bookings?.inc(); // a replay booked nothing
      }
      else if (seen.status === 409 && seen.problemCode && CONFLICTS.has(seen.problemCode) && BOOKING_ROUTES.has(seen.route)) conflicts?.labels(seen.problemCode).inc();
    },
  });
}

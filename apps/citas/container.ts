import { Container, type ServiceIdentifier } from 'inversify';
import type { Express } from 'express';
import type { AgendaRules } from '../../core/ports/agenda-rules';
import type { Appointments } from '../../core/ports/appointments';
import type { Clock } from '../../core/ports/clock';
import type { Directory } from '../../core/ports/directory';
import type { AppointmentHistory } from '../../core/ports/history';
import type { Outbox } from '../../core/ports/outbox';
import type { TokenVerifier } from '../../core/ports/tokens';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { GetAppointmentHistory } from '../../core/use-cases/appointment-history';
import { BookAppointment } from '../../core/use-cases/book-appointment';
import { CancelAppointment } from '../../core/use-cases/cancel-appointment';
import { ChangeAppointmentStatus } from '../../core/use-cases/change-appointment-status';
import { type CitasPolicy, type CitasPorts, policyOf } from '../../core/use-cases/citas-context';
import { GetAppointment } from '../../core/use-cases/get-appointment';
import { ListAppointments } from '../../core/use-cases/list-appointments';
import { RescheduleAppointment } from '../../core/use-cases/reschedule-appointment';
import { AddAbsence } from '../../core/use-cases/add-absence';
import { type AgendaPorts, agendaPolicyOf } from '../../core/use-cases/agenda-context';
import { DeliverDueNotifications, DEFAULT_DELIVERY_POLICY } from '../../core/use-cases/deliver-due-notifications';
import { FindNextSlots } from '../../core/use-cases/find-next-slots';
import { GetAvailability } from '../../core/use-cases/get-availability';
import { GetSchedule } from '../../core/use-cases/get-schedule';
import { ListAbsences } from '../../core/use-cases/list-absences';
import { RemoveAbsence } from '../../core/use-cases/remove-absence';
import { ScheduleAgendaRules } from '../../core/use-cases/schedule-agenda-rules';
import { SetSchedule } from '../../core/use-cases/set-schedule';
import { parseJornada } from '../../core/domain/schedule';
import type { Absences, Schedules } from '../../core/ports/agenda';
import type { Notifier } from '../../core/ports/notifier';
import { SystemClock } from '../../adapters/clock/system-clock';
import { Authenticator } from '../../adapters/http/auth';
import { agendaRoutes, type AgendaHttpDeps } from '../../adapters/http/citas/agenda-routes';
import { citasRoutes, type CitasHttpDeps } from '../../adapters/http/citas/citas-routes';
import { createHttpApp } from '../../adapters/http/create-app';
import { createLogger, type Logger } from '../../adapters/http/logger';
import type { RouteSpec } from '../../adapters/http/route';
import { AdminClient } from '../../adapters/remote/admin-client';
import { HttpDirectory } from '../../adapters/remote/http-directory';
import { HttpJwksKeys } from '../../adapters/remote/http-jwks';
import { HttpSessionCheck } from '../../adapters/remote/http-session-check';
import { JwtTokenVerifier } from '../../adapters/security/jwt-tokens';
import { agendaMigrations } from '../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { type Db, openDatabase, pingDatabase, SqliteUnitOfWork } from '../../adapters/sqlite/open-database';
import { SqliteAppointments } from '../../adapters/sqlite/sqlite-appointments';
import { SqliteHistory } from '../../adapters/sqlite/sqlite-history';
import { SqliteOutbox } from '../../adapters/sqlite/sqlite-outbox';
import { SqliteAbsences } from '../../adapters/sqlite/sqlite-absences';
import { SqliteSchedules } from '../../adapters/sqlite/sqlite-schedules';
import { LogNotifier } from '../../adapters/notify/log-notifier';
import { ReminderWorker } from '../../adapters/notify/reminder-worker';
import { WebhookNotifier } from '../../adapters/notify/webhook-notifier';
import type { CitasConfig } from './config';

/** Something main.ts starts after listening and stops before closing the database. */
export interface BackgroundWorker {
  name: string;
  start(): void;
  stop(): Promise<void>;
}

/** Names of what the citas container holds. */
export const T = {
  config: Symbol('CitasConfig') as ServiceIdentifier<CitasConfig>,
  logger: Symbol('Logger') as ServiceIdentifier<Logger>,
  db: Symbol('Db') as ServiceIdentifier<Db>,
  clock: Symbol('Clock') as ServiceIdentifier<Clock>,
  adminClient: Symbol('AdminClient') as ServiceIdentifier<AdminClient>,
  directory: Symbol('Directory') as ServiceIdentifier<Directory>,
  tokenVerifier: Symbol('TokenVerifier') as ServiceIdentifier<TokenVerifier>,
  unitOfWork: Symbol('UnitOfWork') as ServiceIdentifier<UnitOfWork>,
  appointments: Symbol('Appointments') as ServiceIdentifier<Appointments>,
  history: Symbol('AppointmentHistory') as ServiceIdentifier<AppointmentHistory>,
  outbox: Symbol('Outbox') as ServiceIdentifier<SqliteOutbox & Outbox>,
  schedules: Symbol('Schedules') as ServiceIdentifier<Schedules>,
  absences: Symbol('Absences') as ServiceIdentifier<Absences>,
  agendaRules: Symbol('AgendaRules') as ServiceIdentifier<AgendaRules>,
  notifier: Symbol('Notifier') as ServiceIdentifier<Notifier>,
  policy: Symbol('CitasPolicy') as ServiceIdentifier<CitasPolicy>,
  ports: Symbol('CitasPorts') as ServiceIdentifier<CitasPorts>,
  citasHttpDeps: Symbol('CitasHttpDeps') as ServiceIdentifier<CitasHttpDeps>,
  agendaHttpDeps: Symbol('AgendaHttpDeps') as ServiceIdentifier<AgendaHttpDeps>,
  routes: Symbol('Routes') as ServiceIdentifier<RouteSpec[]>,
  workers: Symbol('Workers') as ServiceIdentifier<BackgroundWorker[]>,
  app: Symbol('HttpApp') as ServiceIdentifier<Express>,
};

/** Replacements for tests (a fixed clock); production passes none. */
export interface ContainerOverrides {
  clock?: Clock;
}

/**
 * The citas composition root: binds every port to its adapter with
 * factories (core classes carry no decorators). Nothing is opened until the
 * first `get`, and nothing happens at import time.
 */
export function buildContainer(config: CitasConfig, overrides: ContainerOverrides = {}): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(T.config).toConstantValue(config);
  c.bind(T.logger).toDynamicValue(() => createLogger('citas', config.logLevel));
  c.bind(T.db).toDynamicValue(() => openDatabase(config.databaseFile, [...citasMigrations, ...agendaMigrations]));
  c.bind(T.clock).toConstantValue(overrides.clock ?? new SystemClock());

  // admin, reached over HTTP only: one client (one breaker) for the directory and the keys
  c.bind(T.adminClient).toDynamicValue((ctx) => {
    const logger = ctx.get(T.logger);
    return new AdminClient({
      baseUrl: config.adminUrl,
      ...config.admin,
      onBreakerChange: (state) =>
        state === 'abierto'
          ? logger.warn({ adminUrl: config.adminUrl }, 'admin circuit breaker open: answering 503 without asking admin')
          : logger.info({ state }, 'admin circuit breaker state'),
    });
  });
  c.bind(T.directory).toDynamicValue((ctx) => new HttpDirectory(ctx.get(T.adminClient)));
  c.bind(T.tokenVerifier).toDynamicValue(
    (ctx) =>
      new JwtTokenVerifier(
        new HttpJwksKeys(ctx.get(T.adminClient), {
          ttlMs: config.jwks.ttlMs,
          unknownKidRefetchMs: config.jwks.unknownKidRefetchMs,
          failureBackoffMs: Math.min(config.admin.halfOpenAfterMs, 5000),
        }, ctx.get(T.clock)),
        config.jwt,
        ctx.get(T.clock),
      ),
  );

  // citas's own database
  c.bind(T.unitOfWork).toDynamicValue((ctx) => new SqliteUnitOfWork(ctx.get(T.db)));
  c.bind(T.appointments).toDynamicValue((ctx) => new SqliteAppointments(ctx.get(T.db)));
  c.bind(T.history).toDynamicValue((ctx) => new SqliteHistory(ctx.get(T.db)));
  c.bind(T.outbox).toDynamicValue((ctx) => new SqliteOutbox(ctx.get(T.db)));
  c.bind(T.schedules).toDynamicValue((ctx) => new SqliteSchedules(ctx.get(T.db)));
  c.bind(T.absences).toDynamicValue((ctx) => new SqliteAbsences(ctx.get(T.db)));
  c.bind(T.agendaRules).toDynamicValue(
    (ctx) => new ScheduleAgendaRules({ schedules: ctx.get(T.schedules), absences: ctx.get(T.absences) }, config.clinicTimeZone),
  );

  c.bind(T.policy).toConstantValue(
    policyOf({ timeZone: config.clinicTimeZone, maxFutureCitas: config.maxCitasFuturas, reminderLeadMinutes: config.reminderHoursBefore * 60 }),
  );
  c.bind(T.ports).toDynamicValue((ctx) => ({
    appointments: ctx.get(T.appointments),
    history: ctx.get(T.history),
    outbox: ctx.get(T.outbox),
    directory: ctx.get(T.directory),
    agendaRules: ctx.get(T.agendaRules),
    uow: ctx.get(T.unitOfWork),
    clock: ctx.get(T.clock),
  }));

  c.bind(T.citasHttpDeps).toDynamicValue((ctx) => {
    const ports = ctx.get(T.ports);
    const policy = ctx.get(T.policy);
    return {
      timeZone: config.clinicTimeZone,
      book: new BookAppointment(ports, policy),
      list: new ListAppointments(ports, policy),
      get: new GetAppointment(ports),
      cancel: new CancelAppointment(ports, policy),
      setStatus: new ChangeAppointmentStatus(ports, policy),
      reschedule: new RescheduleAppointment(ports, policy),
      history: new GetAppointmentHistory(ports),
    };
  });
  c.bind(T.agendaHttpDeps).toDynamicValue((ctx) => {
    const ports: AgendaPorts = {
      schedules: ctx.get(T.schedules),
      absences: ctx.get(T.absences),
      appointments: ctx.get(T.appointments),
      directory: ctx.get(T.directory),
      uow: ctx.get(T.unitOfWork),
      clock: ctx.get(T.clock),
    };
    const policy = agendaPolicyOf({ timeZone: config.clinicTimeZone, jornada: parseJornada(config.jornada) });
    return {
      timeZone: config.clinicTimeZone,
      setSchedule: new SetSchedule(ports, policy),
      getSchedule: new GetSchedule(ports),
      addAbsence: new AddAbsence(ports, policy),
      listAbsences: new ListAbsences(ports),
      removeAbsence: new RemoveAbsence(ports),
      availability: new GetAvailability(ports, policy),
      nextSlots: new FindNextSlots(ports, policy),
    };
  });
  // Agenda routes come first: /citas/disponibilidad must not be taken by /citas/:id.
  c.bind(T.routes).toDynamicValue((ctx) => [...agendaRoutes(ctx.get(T.agendaHttpDeps)), ...citasRoutes(ctx.get(T.citasHttpDeps))]);

  // Notifications: the outbox written by the use cases, delivered by a worker in this process.
  c.bind(T.notifier).toDynamicValue((ctx) =>
    config.notifyWebhookUrl ? new WebhookNotifier({ url: config.notifyWebhookUrl }) : new LogNotifier(ctx.get(T.logger)),
  );
  c.bind(T.workers).toDynamicValue((ctx) => {
    if (!config.workers) return [];
    const delivery = new DeliverDueNotifications(
      { queue: ctx.get(T.outbox), appointments: ctx.get(T.appointments), notifier: ctx.get(T.notifier), clock: ctx.get(T.clock) },
      DEFAULT_DELIVERY_POLICY,
    );
    const worker = new ReminderWorker(delivery, {
      intervalMs: config.notifyPollMs,
      batchSize: DEFAULT_DELIVERY_POLICY.batchSize,
      logger: ctx.get(T.logger),
    });
    return [{ name: 'notificaciones', start: () => worker.start(), stop: () => worker.stop() }];
  });

  c.bind(T.app).toDynamicValue((ctx) => {
    const db = ctx.get(T.db);
    const admin = ctx.get(T.adminClient);
    // Signature and expiry are checked offline; whether the account is still active, only admin knows.
    const sessionCheck =
      config.session.ttlMs > 0 ? new HttpSessionCheck(admin, { ttlMs: config.session.ttlMs, outageGraceMs: config.session.outageGraceMs }, ctx.get(T.clock)) : undefined;
    return createHttpApp({
      info: {
        title: 'OdontoCare citas',
        version: '0.1.0',
        description:
          'Citas (appointments): reservar, listar, cancelar, cambiar de estado y reprogramar. ' +
          `Las fechas sin desfase se leen en la zona de la clínica (${config.clinicTimeZone}); las respuestas llevan el desfase. ` +
          'Doctores, pacientes y centros se consultan en vivo al servicio admin; si no responde, la respuesta es 503 con Retry-After. ' +
          'Los tokens los emite admin y se verifican con sus claves públicas (JWKS).',
      },
      logger: ctx.get(T.logger),
      routes: ctx.get(T.routes),
      auth: new Authenticator(ctx.get(T.tokenVerifier), sessionCheck ? (principal, token) => sessionCheck.confirm(principal, token) : undefined),
      readiness: [
        { name: 'database', check: () => pingDatabase(db) },
        { name: 'admin', check: () => admin.ping('/health', config.admin.readyTimeoutMs) },
      ],
      bodyLimit: config.bodyLimit,
      trustProxy: config.trustProxy,
    });
  });
  return c;
}

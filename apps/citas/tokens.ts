import type { ServiceIdentifier } from 'inversify';
import type { Express } from 'express';
import type { Absences, Schedules } from '../../core/ports/agenda';
import type { Appointments } from '../../core/ports/appointments';
import type { Clock } from '../../core/ports/clock';
import type { Directory } from '../../core/ports/directory';
import type { AppointmentHistory } from '../../core/ports/history';
import type { IdempotencyKeys } from '../../core/ports/idempotency-keys';
import type { Notifier } from '../../core/ports/notifier';
import type { Outbox, OutboxQueue } from '../../core/ports/outbox';
import type { TokenSession, TokenVerifier } from '../../core/ports/tokens';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import type { AgendaUseCases } from '../../core/use-cases/agenda-use-cases';
import type { CitasUseCases } from '../../core/use-cases/citas-use-cases';
import type { CitasPolicy } from '../../core/domain/citas-policy';
import type { Logger } from '../../adapters/http/logger';
import type { HttpMetrics } from '../../adapters/http/metrics';
import type { Principal } from '../../core/domain/roles';
import type { CitasConfig } from './config';

/** Something the service opens and must close on shutdown, and that /ready asks. */
export interface Resource {
  name: string;
  ping(): Promise<void> | void;
  close(): Promise<void> | void;
}

/** Something main.ts starts after listening and stops before closing the resources. */
export interface BackgroundWorker {
  name: string;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The names the citas container binds: ports (what the core needs) and the
 * few pieces main.ts handles. Each adapter family's module binds its part;
 * swapping a family (SQLite for PostgreSQL) is swapping its module.
 */
/** The live account check after the offline token check: admin still accepts this token (HttpSessionCheck). */
export type SessionCheck = (principal: Principal, session: TokenSession, token: string, requestId: string) => Promise<void>;

export const T = {
  config: Symbol('CitasConfig') as ServiceIdentifier<CitasConfig>,
  logger: Symbol('Logger') as ServiceIdentifier<Logger>,
  clock: Symbol('Clock') as ServiceIdentifier<Clock>,
  policy: Symbol('CitasPolicy') as ServiceIdentifier<CitasPolicy>,
  // storage
  storage: Symbol('Storage') as ServiceIdentifier<Resource>,
  appointments: Symbol('Appointments') as ServiceIdentifier<Appointments>,
  history: Symbol('AppointmentHistory') as ServiceIdentifier<AppointmentHistory>,
  outbox: Symbol('Outbox') as ServiceIdentifier<Outbox & OutboxQueue>,
  schedules: Symbol('Schedules') as ServiceIdentifier<Schedules>,
  absences: Symbol('Absences') as ServiceIdentifier<Absences>,
  idempotencyKeys: Symbol('IdempotencyKeys') as ServiceIdentifier<IdempotencyKeys>,
  unitOfWork: Symbol('UnitOfWork') as ServiceIdentifier<UnitOfWork>,
  // the admin service, over HTTP
  admin: Symbol('AdminService') as ServiceIdentifier<Resource>,
  directory: Symbol('Directory') as ServiceIdentifier<Directory>,
  // security
  tokenVerifier: Symbol('TokenVerifier') as ServiceIdentifier<TokenVerifier>,
  /** The live account check after the offline token check (admin still accepts it). */
  sessionCheck: Symbol('SessionCheck') as ServiceIdentifier<SessionCheck>,
  // notifications
  notifier: Symbol('Notifier') as ServiceIdentifier<Notifier>,
  workers: Symbol('Workers') as ServiceIdentifier<BackgroundWorker[]>,
  // use cases and their HTTP face
  citasUseCases: Symbol('CitasUseCases') as ServiceIdentifier<CitasUseCases>,
  agendaUseCases: Symbol('AgendaUseCases') as ServiceIdentifier<AgendaUseCases>,
  /** GET /metrics and what it records. */
  metrics: Symbol('HttpMetrics') as ServiceIdentifier<HttpMetrics>,
  app: Symbol('HttpApp') as ServiceIdentifier<Express>,
};

import { before, after } from 'node:test';
import { PgCenters } from '../../adapters/postgres/pg-centers';
import type { PgDatabase } from '../../adapters/postgres/pg-database';
import { PgDoctors } from '../../adapters/postgres/pg-doctors';
import { PgLoginThrottle } from '../../adapters/postgres/pg-login-throttle';
import { PgPatients } from '../../adapters/postgres/pg-patients';
import { PgRevokedTokens } from '../../adapters/postgres/pg-revoked-tokens';
import { PgUsers } from '../../adapters/postgres/pg-users';
import { DEFAULT_THROTTLE } from '../../adapters/security/login-throttle';
import type { AdminRepositories } from '../contracts/admin-repositories';
import { centersContract } from '../contracts/centers-contract';
import { doctorsContract } from '../contracts/doctors-contract';
import { loginThrottleContract, loginThrottleWindowContract } from '../contracts/login-throttle-contract';
import { patientsContract } from '../contracts/patients-contract';
import { revokedTokensContract } from '../contracts/revoked-tokens-contract';
import { usersContract } from '../contracts/users-contract';
import { FixedClock } from '../fakes/fixed-clock';
import { describeWithPostgres } from '../support/postgres';
import { emptyAdminTables, openAdminDatabase } from '../support/postgres-admin';

/**
 * The admin port contracts (run on the fakes and SQLite in sqlite-admin.test.ts
 * and login-throttle.test.ts) on a real PostgreSQL: one migrated database
 * for the suite, emptied after each test (ids restart), as a new one would be.
 */
describeWithPostgres('admin port contracts on PostgreSQL', (pg) => {
  let db: PgDatabase;
  before(async () => {
    db = await openAdminDatabase(await pg().createDatabase('admin'));
  });
  after(() => db.close());

  const repositories = (): AdminRepositories => ({
    users: new PgUsers(db),
    doctors: new PgDoctors(db),
    patients: new PgPatients(db),
    centers: new PgCenters(db),
    uow: db,
    close: () => emptyAdminTables(db),
  });
  usersContract('PostgreSQL', repositories);
  doctorsContract('PostgreSQL', repositories);
  patientsContract('PostgreSQL', repositories);
  centersContract('PostgreSQL', repositories);

  // Its tests use distinct token ids, so they share the table without emptying it.
  revokedTokensContract('PostgreSQL', () => ({ revoked: new PgRevokedTokens(db) }));

  // Each throttle starts a day after the last one's clock: its windows begin empty, as the contract's fresh throttle needs.
  let day = 0;
  const nextDay = () => {
    const clock = new FixedClock('2026-03-02T09:00:00Z');
    clock.advanceMinutes(24 * 60 * ++day);
    return clock;
  };
  loginThrottleContract('PostgreSQL', (limits) => new PgLoginThrottle(db, { ...DEFAULT_THROTTLE, ...limits }, nextDay()));
  loginThrottleWindowContract('PostgreSQL', (settings) => {
    const clock = nextDay();
    return { throttle: new PgLoginThrottle(db, settings, clock), clock };
  });
});

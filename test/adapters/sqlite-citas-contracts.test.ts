import { appointmentsContract } from '../contracts/appointments-contract';
import { historyContract } from '../contracts/history-contract';
import { idempotencyKeysContract } from '../contracts/idempotency-keys-contract';
import { outboxContract } from '../contracts/outbox-contract';
import { unitOfWorkContract } from '../contracts/unit-of-work-contract';
import { sqliteCitasStorage } from './sqlite-citas-storage';

appointmentsContract('SQLite file', sqliteCitasStorage);
historyContract('SQLite file', sqliteCitasStorage);
idempotencyKeysContract('SQLite file', sqliteCitasStorage);
outboxContract('SQLite file', sqliteCitasStorage);
unitOfWorkContract('SQLite file', sqliteCitasStorage);

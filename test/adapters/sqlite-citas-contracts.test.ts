import { appointmentsContract } from '../contracts/appointments-contract';
import { historyContract } from '../contracts/history-contract';
import { outboxContract } from '../contracts/outbox-contract';
import { sqliteCitasStorage } from './sqlite-citas-storage';

appointmentsContract('SQLite file', sqliteCitasStorage);
historyContract('SQLite file', sqliteCitasStorage);
outboxContract('SQLite file', sqliteCitasStorage);

import { appointmentsContract } from '../../contracts/appointments-contract';
import { inMemoryCitasStorage } from '../../contracts/citas-storage';
import { historyContract } from '../../contracts/history-contract';
import { idempotencyKeysContract } from '../../contracts/idempotency-keys-contract';
import { outboxContract } from '../../contracts/outbox-contract';
import { unitOfWorkContract } from '../../contracts/unit-of-work-contract';

// The fakes the use-case tests rely on keep the same promises as the SQLite adapters.
appointmentsContract('in memory', inMemoryCitasStorage);
historyContract('in memory', inMemoryCitasStorage);
idempotencyKeysContract('in memory', inMemoryCitasStorage);
outboxContract('in memory', inMemoryCitasStorage);
unitOfWorkContract('in memory', inMemoryCitasStorage);

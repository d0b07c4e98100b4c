import { agendaContract } from '../../contracts/agenda-contract';
import { InMemoryAbsences, InMemorySchedules } from '../../fakes/in-memory-agenda';

agendaContract('in memory', () => ({ schedules: new InMemorySchedules(), absences: new InMemoryAbsences(), close() {} }));

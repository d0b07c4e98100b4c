import { isOwn, may } from './access';
import type { Cita } from './appointment';
import { clinicDateTimeWords } from './clinic-time-words';
import { DomainError } from './errors';
import { namesHeardBy, ofDoctor, type PartyNames, sentenceFirst } from './party-names';
import type { Principal } from './roles';

/**
 * The words of a booking's refusals about the people in it: 409
 * DOCTOR_OCUPADO and PACIENTE_OCUPADO, 422 LIMITE_CITAS. The front desk
 * shows them verbatim, so they name people, not ids, and write time as the
 * clinic reads it (clinic-time-words.ts). One home for every refusal of
 * these codes: the booking rule (appointment-booking.ts), a use case
 * wording a store's refusal again (booking-checks.ts), and the stores
 * themselves (their overlap constraints, which know no names).
 *
 * What the hearer may learn is access.ts's rule (names: party-names.ts):
 * - the doctor is named to whoever may read doctors (everyone);
 * - a patient hears of her own citas spoken to ("Ya tiene ..."); staff hear
 *   her name; nobody else is told whose it is;
 * - the cita in the way is described (length, start) only to whom may
 *   see it ('cita.consultar'); anyone else hears "otra cita".
 */

/** Who hears a refusal, about which patient, with which names, in which clinic's time. */
export interface Hearer {
  who: Principal;
  idPaciente: number;
  names: PartyNames;
  timeZone: string;
}

/** The names the hearer may hear. */
const heard = (to: Hearer | undefined): PartyNames => (to ? namesHeardBy(to.who, to.names, to.idPaciente) : {});

/** The start of a sentence about what the patient holds: "Ya tiene" to herself, "<nombre> ya tiene" to staff. */
function patientHas(to: Hearer | undefined): string {
  if (to && isOwn(to.who, { idPaciente: to.idPaciente })) return 'Ya tiene';
  return `${sentenceFirst(heard(to).paciente ?? 'el paciente')} ya tiene`;
}

/** The cita in the way, as far as the hearer may know it, ready to be followed by "que se solapa". */
function citaInTheWay(c: Cita | undefined, to: Hearer | undefined): string {
  if (!c || !to || !may(to.who, 'cita.consultar', c)) return 'otra cita';
  // By its length, day and hour, never its number: the page shows this verbatim, and nobody there sees cita numbers.
  return `una cita de ${c.duracionMin} min el ${clinicDateTimeWords(c.inicio, to.timeZone)},`;
}

/**
 * 409 DOCTOR_OCUPADO. `inTheWay` is the doctor's cita that overlaps, when
 * known; `to` is absent where nobody is known (a store's constraint).
 */
export function doctorBusy(to?: Hearer, inTheWay?: Cita): DomainError {
  return new DomainError(
    'DOCTOR_OCUPADO',
    `La agenda ${ofDoctor(heard(to))} ya tiene ${citaInTheWay(inTheWay, to)} que se solapa con el horario pedido: ese hueco está ocupado.`,
  );
}

/** 409 PACIENTE_OCUPADO, as doctorBusy. */
export function patientBusy(to?: Hearer, inTheWay?: Cita): DomainError {
  return new DomainError('PACIENTE_OCUPADO', `${patientHas(to)} ${citaInTheWay(inTheWay, to)} que se solapa con el horario pedido.`);
}

/**
 * 422 LIMITE_CITAS: the patient already holds `current` future active citas,
 * `max` at most. It ends with what she (or the receptionist beside her) can
 * do, as the cap is no error to fix: free one of them, or wait for one to pass.
 */
export function capReached(to: Hearer, current: number, max: number): DomainError {
  const citas = current === 1 ? 'cita futura activa' : 'citas futuras activas';
  const way = current === 1 ? 'cancélela o espere a que pase' : 'cancele una de ellas o espere a que pase alguna';
  return new DomainError('LIMITE_CITAS', `${patientHas(to)} ${current} ${citas}; el máximo es ${max}. Para reservar otra, ${way}.`);
}

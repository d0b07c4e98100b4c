import { may } from './access';
import type { Principal } from './roles';

/**
 * How a refusal the front desk shows verbatim calls the doctor, center and
 * patient of a booking: by the names the directory gave in the booking's one
 * lookup, as far as the hearer may read them, and otherwise by what the
 * request itself said ("el centro 3") or by role ("el doctor"). The words of
 * each refusal live with its rule (booking-refusals.ts, slots.ts,
 * directory-facts.ts); who may hear a name, and how a name-less party is
 * called, live here.
 */

/** The names the directory gave for a booking's doctor, center and patient. */
export interface PartyNames {
  doctor?: string;
  centro?: string;
  paciente?: string;
}

/**
 * The names `who` may hear, by access.ts's read rules: doctors and centers
 * to whoever may read them, the patient `idPaciente` to whoever may read her
 * ficha. The directory already answered under the caller's rules; asking
 * again here keeps a name known by other means (a store's refusal worded
 * again, a fake directory) from reaching someone who may not read it.
 */
export function namesHeardBy(who: Principal, names: PartyNames, idPaciente?: number): PartyNames {
  return {
    doctor: may(who, 'doctores.consultar') ? names.doctor : undefined,
    centro: may(who, 'centros.consultar') ? names.centro : undefined,
    paciente: idPaciente !== undefined && may(who, 'paciente.consultar', { idPaciente }) ? names.paciente : undefined,
  };
}

/** The doctor by name, else "el doctor 3" when the id is what the request sent, else "el doctor". */
export const doctorCalled = (names: PartyNames, idDoctor?: number): string => names.doctor ?? (idDoctor === undefined ? 'el doctor' : `el doctor ${idDoctor}`);

/** The center by name, else by the id the request sent: "el centro 3". */
export const centerCalled = (names: PartyNames, idCentro: number): string => names.centro ?? `el centro ${idCentro}`;

/** The patient by name, else by the id the request sent. */
export const patientCalled = (names: PartyNames, idPaciente: number): string => names.paciente ?? `el paciente ${idPaciente}`;

/** Whose agenda or schedule: "de Laura Fernández", else "del doctor". */
export const ofDoctor = (names: PartyNames): string => (names.doctor === undefined ? 'del doctor' : `de ${names.doctor}`);

/** A party at the start of a sentence: "El doctor 3", a name with its first letter up as any sentence. */
export const sentenceFirst = (called: string): string => called.charAt(0).toUpperCase() + called.slice(1);

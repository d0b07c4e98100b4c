import { DEFAULT_CLINIC_TIME_ZONE, isWritableInstant, LAST_YEAR } from './clinic-time';
import { clinicDateTimeWords } from './clinic-time-words';
import { type FieldProblem, ValidationError } from './errors';
import { charCount, optionalText, unsafeTextProblem } from './text';

/**
 * A period in which a doctor takes no citas (holiday, course, sick leave).
 * Instants, half-open [desde, hasta): an absence until 14:00 leaves a cita at
 * 14:00 free.
 */
export interface Ausencia {
  id: number;
  idDoctor: number;
  desde: Date;
  hasta: Date;
  motivo: string | null;
}

export type NewAusencia = Omit<Ausencia, 'id'>;

export const MOTIVO_AUSENCIA_MAX = 200;
/** A longer absence is almost certainly a typo in the year. */
export const AUSENCIA_MAX_DIAS = 366;
const DAY_MS = 86_400_000;

/** What assertValidAusencia judges of an absence: whichever of these fields are present. */
export type AusenciaFields = Partial<NewAusencia>;

/**
 * The absence's own rules, of the fields present (the HTTP edge passes
 * those of a refused body whose type was right). Its ends are answered back
 * as they are stored, so each must be an instant the API can write
 * (isWritableInstant): an absence "until 9999-12-31", the whole day, would
 * end at 10000-01-01T00:00. The motivo is judged as it is kept
 * (optionalText: trimmed, none when it shows nothing).
 */
export function assertValidAusencia(fields: AusenciaFields, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): void {
  const problems: FieldProblem[] = [];
  const a = { ...fields, motivo: optionalText(fields.motivo) ?? null };
  const valid = (d: Date) => d instanceof Date && !Number.isNaN(d.getTime());
  if (a.desde !== undefined && !valid(a.desde)) problems.push({ path: 'desde', message: 'desde no es una fecha y hora válida.' });
  if (a.hasta !== undefined && !valid(a.hasta)) problems.push({ path: 'hasta', message: 'hasta no es una fecha y hora válida.' });
  if (problems.length === 0 && a.desde !== undefined && a.hasta !== undefined) {
    if (a.hasta.getTime() <= a.desde.getTime()) {
      problems.push({ path: 'hasta', message: 'La ausencia debe terminar (hasta) después de empezar (desde).' });
    } else if (a.hasta.getTime() - a.desde.getTime() > AUSENCIA_MAX_DIAS * DAY_MS) {
      problems.push({ path: 'hasta', message: `Una ausencia dura como máximo ${AUSENCIA_MAX_DIAS} días; registre varias si hace falta.` });
    } else if (!isWritableInstant(a.hasta, timeZone)) {
      problems.push({
        path: 'hasta',
        message: `Una ausencia debe terminar a más tardar dentro del ${LAST_YEAR}-12-31 (p. ej. ${LAST_YEAR}-12-31T23:59): el día entero ${LAST_YEAR}-12-31 acabaría el ${LAST_YEAR + 1}-01-01, una fecha que no se puede escribir.`,
      });
    }
  }
  if (a.motivo !== null && charCount(a.motivo) > MOTIVO_AUSENCIA_MAX) {
    problems.push({ path: 'motivo', message: `El motivo admite como máximo ${MOTIVO_AUSENCIA_MAX} caracteres.` });
  } else if (a.motivo !== null) {
    const unsafe = unsafeTextProblem(a.motivo, 'motivo', 'El motivo');
    if (unsafe) problems.push(unsafe);
  }
  if (problems.length > 0) throw new ValidationError(problems, problems.map((p) => p.message).join(' '));
}

/**
 * Whether an absence is over at `now`: it ended at or before it (half-open,
 * so one until 11:00 is over at 11:00). The one meaning of "over": the list
 * of absences (AbsenceFilter.desde, "ending after this instant") keeps
 * exactly those not over at its desde, and the front desk asks it from its
 * now, the Clock's (sent with the session), so it lists what the API would
 * still take.
 */
export function ausenciaTerminada(hasta: Date, now: Date): boolean {
  return hasta.getTime() <= now.getTime();
}

/**
 * An absence must not have ended by `now` (ausenciaTerminada): the front
 * desk lists absences not over and the agenda draws the days ahead, so one
 * already over would be stored and shown nowhere, and whoever typed it
 * would believe it recorded. One that began earlier and is still going on
 * is fine (a sick leave registered on its second day). Judged by the use
 * case, which holds the Clock; the HTTP edge has none.
 */
export function assertAusenciaNotOver(hasta: Date, now: Date, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): void {
  if (!ausenciaTerminada(hasta, now)) return;
  throw ValidationError.field('hasta', `La ausencia ya ha terminado: acabó el ${clinicDateTimeWords(hasta, timeZone)}. Registre solo ausencias que aún no han terminado.`);
}

/** Half-open overlap of an absence with an interval. */
export function ausenciaCovers(a: Pick<Ausencia, 'desde' | 'hasta'>, inicio: Date, fin: Date): boolean {
  return a.desde.getTime() < fin.getTime() && inicio.getTime() < a.hasta.getTime();
}

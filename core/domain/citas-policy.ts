import { type AccessSettings, DEFAULT_ACCESS_SETTINGS } from './access';
import { DEFAULT_CLINIC_TIME_ZONE } from './clinic-time';
import { type Franja, JORNADA_POR_DEFECTO, parseJornada } from './schedule';

/**
 * The clinic's settings the citas and agenda rules depend on (from the citas
 * service's configuration), including those that grant permissions
 * (AccessSettings: RESERVA_SECRETARIA), which use cases pass to assertMay.
 */
export interface CitasPolicy extends AccessSettings {
  /** CLINIC_TIME_ZONE: how a fecha without offset, a clinic day and a franja are read. */
  timeZone: string;
  /** MAX_CITAS_FUTURAS: future active citas a patient may hold. */
  maxFutureCitas: number;
  /** A reminder is due this many minutes before the cita (REMINDER_HOURS_BEFORE; default 24 h). */
  reminderLeadMinutes: number;
  /** JORNADA: franjas of a doctor without any schedule (on DIAS_JORNADA, schedule.ts). */
  jornada: Franja[];
  /** Days "próximos huecos" searches from the first day asked for. */
  searchDays: number;
}

export const MAX_CITAS_FUTURAS_POR_DEFECTO = 5;

export const DEFAULT_CITAS_POLICY: CitasPolicy = {
  timeZone: DEFAULT_CLINIC_TIME_ZONE,
  maxFutureCitas: MAX_CITAS_FUTURAS_POR_DEFECTO,
  reminderLeadMinutes: 24 * 60,
  jornada: parseJornada(JORNADA_POR_DEFECTO),
  searchDays: 30,
  ...DEFAULT_ACCESS_SETTINGS,
};

export function citasPolicyOf(partial: Partial<CitasPolicy> = {}): CitasPolicy {
  return { ...DEFAULT_CITAS_POLICY, ...partial };
}

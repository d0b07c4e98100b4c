import type { App } from '../app.js';
import { button } from '../dom.js';
import type { Cita } from '../types.js';
import type { BookingPrefill } from './booking.js';

/**
 * "Reservar otra" on a past cita she attended: after a cleaning, the next
 * one with the same dentist, without finding the doctor and center again.
 * It opens Reservar (the one booking form, its prefill) with that cita's
 * doctor, center and motivo, the day left for her to choose (Fecha starts
 * today). Only an Atendida cita (one cancelled or missed is not a visit to
 * repeat), only for whoever may book, and only while that doctor and
 * center are active: else the form would open on a choice it cannot offer.
 */
export async function bookAgainButton(app: App, cita: Cita): Promise<HTMLButtonElement | null> {
  if (cita.estado !== 'Atendida' || !app.session.puede_reservar) return null;
  const [doctor, centro] = await Promise.all([app.directory.doctor(cita.id_doctor), app.directory.centro(cita.id_centro)]);
  if (!doctor?.activo || !centro?.activo) return null;
  const prefill: BookingPrefill = { id_doctor: cita.id_doctor, id_centro: cita.id_centro, motivo: cita.motivo };
  return button('Reservar otra', () => app.go('reservar', prefill));
}

import assert from 'node:assert/strict';
import type { DoctorAccount, TestSystem } from './citas';

/**
 * A doctor open on Sundays from 01:00 to 04:00 at `centerId`, in one-hour
 * citas: on the nights the clocks change (the last Sundays of March and
 * October, clinic-days.ts) that franja takes in the hour skipped or the
 * hour that happens twice.
 */
export async function nightDoctor(sys: TestSystem, centerId: number, nombre: string): Promise<DoctorAccount> {
  const doctor = await sys.createDoctor({ nombre, especialidad: 'Urgencias' });
  const res = await sys.citas.put(
    `/agenda/${doctor.id}/horario`,
    { id_centro: centerId, franjas: [{ dia: 7, desde: '01:00', hasta: '04:00' }], duracion_cita_min: 60 },
    sys.adminToken,
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return doctor;
}

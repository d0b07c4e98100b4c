import { api, type Page, withQuery } from './api.js';
import type { Cita, Doctor } from './types.js';

/** The API's largest page. */
const PAGE_SIZE = 100;

/**
 * A patient's citas that can tell her usual doctor. GET /citas lists them
 * oldest first (by fecha) and has no other order, so the first page holds
 * them all but for a patient with more than a page of them; only then is
 * the last page, her latest citas, read too. `query`: { id_paciente } for
 * staff; nothing for a patient, whose list the API scopes to her own.
 */
async function latestCitas(query: { id_paciente?: number }): Promise<Cita[]> {
  const first = await api<Page<Cita>>('GET', withQuery('/citas/citas', { ...query, page: 1, page_size: PAGE_SIZE }));
  const last = Math.ceil(first.total / PAGE_SIZE);
  if (last <= 1) return first.items;
  const latest = await api<Page<Cita>>('GET', withQuery('/citas/citas', { ...query, page: last, page_size: PAGE_SIZE }));
  return [...first.items, ...latest.items];
}

/**
 * The doctor a patient usually sees: the one of her latest cita that was
 * Atendida (who has seen her), else the one of her latest cita at all; of
 * those, the first still active (`doctores`: the directory's list), as only
 * an active doctor can be booked. Undefined for a patient with no cita.
 */
export function usualDoctorOf(citas: Cita[], doctores: Doctor[]): Doctor | undefined {
  const latestFirst = [...citas].sort((a, b) => Date.parse(b.fecha) - Date.parse(a.fecha));
  const candidates = [latestFirst.find((c) => c.estado === 'Atendida'), latestFirst[0]];
  for (const c of candidates) {
    const d = c && doctores.find((x) => x.id_doctor === c.id_doctor);
    if (d?.activo) return d;
  }
  return undefined;
}

/** The patient's usual doctor (usualDoctorOf), her citas read from the API. */
export async function usualDoctor(query: { id_paciente?: number }, doctores: Doctor[]): Promise<Doctor | undefined> {
  return usualDoctorOf(await latestCitas(query), doctores);
}

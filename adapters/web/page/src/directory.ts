import { all, api, ApiError, withQuery, type Page } from './api.js';
import type { Centro, Doctor, Paciente } from './types.js';

/**
 * Names for ids, read from the admin API and kept for the page's lifetime
 * (doctors and centers change rarely; a reload refreshes them). Patients are
 * fetched one by one, only those on screen, and only where the API lets
 * this user read them.
 */
export class Directory {
  private doctors?: Promise<Doctor[]>;
  private centers?: Promise<Centro[]>;
  private readonly patients = new Map<number, Promise<Paciente | undefined>>();

  doctores(): Promise<Doctor[]> {
    this.doctors ??= all<Doctor>('/admin/admin/doctores').catch((err) => {
      this.doctors = undefined;
      throw err;
    });
    return this.doctors;
  }

  centros(): Promise<Centro[]> {
    this.centers ??= all<Centro>('/admin/admin/centros').catch((err) => {
      this.centers = undefined;
      throw err;
    });
    return this.centers;
  }

  async doctor(id: number): Promise<Doctor | undefined> {
    return (await this.doctores()).find((d) => d.id_doctor === id);
  }

  async centro(id: number): Promise<Centro | undefined> {
    return (await this.centros()).find((c) => c.id_centro === id);
  }

  paciente(id: number): Promise<Paciente | undefined> {
    let known = this.patients.get(id);
    if (!known) {
      known = api<Paciente>('GET', `/admin/admin/pacientes/${id}`).catch((err: unknown) => {
        this.patients.delete(id);
        if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return undefined;
        throw err;
      });
      this.patients.set(id, known);
    }
    return known;
  }

  /**
   * The patients of these accounts (id_user), by account: one read for a
   * page of them (admin's `id_user` filter), never one per row. Each is
   * remembered like a patient read by id.
   */
  pacientesDeCuentas(idUsers: number[]): Promise<Map<number, Paciente>> {
    return this.pacientesPor('id_user', idUsers);
  }

  /**
   * These patients (id_paciente), by id: one read for a page of citas
   * (admin's `id_paciente` filter), never one per row. Each is remembered
   * like a patient read by id.
   */
  pacientes(ids: number[]): Promise<Map<number, Paciente>> {
    return this.pacientesPor('id_paciente', ids);
  }

  /** Up to a page (100) of patients in one read, by the filter `key`, keyed by that field. */
  private async pacientesPor(key: 'id_user' | 'id_paciente', ids: number[]): Promise<Map<number, Paciente>> {
    const found = new Map<number, Paciente>();
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return found;
    const page = await api<Page<Paciente>>('GET', withQuery('/admin/admin/pacientes', { [key]: wanted.join(','), page_size: wanted.length }));
    for (const p of page.items) {
      this.remember(p);
      found.set(p[key], p);
    }
    return found;
  }

  /** A patient's name as the page shows it; a patient this user may not read is named by number, as the API knows him. */
  async nombrePaciente(id: number): Promise<string> {
    const p = await this.paciente(id);
    return p ? p.nombre : `Paciente ${id}`;
  }

  /** After a create or an edit: the next read asks the API again. */
  forget(): void {
    this.doctors = undefined;
    this.centers = undefined;
    this.patients.clear();
  }

  remember(p: Paciente): void {
    this.patients.set(p.id_paciente, Promise.resolve(p));
  }
}

export const doctorName = (d: Doctor | undefined, id: number): string => (d ? d.nombre : `Doctor ${id}`);
export const centerName = (c: Centro | undefined, id: number): string => (c ? c.nombre : `Centro ${id}`);

import { z } from 'zod';
import { DomainError, ForbiddenError } from '../../core/domain/errors';
import type { Caller, CenterCard, Directory, DoctorCard, PatientCard } from '../../core/ports/directory';
import type { AdminAnswer, AdminClient } from './admin-client';

// What citas reads of admin's answers. Not strict: admin may add fields
// without breaking citas; a missing or mistyped field is a broken answer.
const doctorBody = z.object({
  id_doctor: z.number().int().positive(),
  nombre: z.string(),
  especialidad: z.string(),
  activo: z.boolean(),
});
const patientBody = z.object({
  id_paciente: z.number().int().positive(),
  nombre: z.string(),
  estado: z.enum(['ACTIVO', 'INACTIVO']),
});
const centerBody = z.object({
  id_centro: z.number().int().positive(),
  nombre: z.string(),
  activo: z.boolean(),
});
const doctorPage = z.object({
  items: z.array(doctorBody),
  page: z.number().int(),
  page_size: z.number().int(),
  total: z.number().int().nonnegative(),
});

const PAGE_SIZE = 100;
/** 100 pages of 100 doctors per specialty is far beyond a clinic network; stops a looping admin. */
const MAX_PAGES = 100;

/**
 * The admin service's REST API as citas's Directory. Each lookup forwards the
 * caller's bearer token, so admin applies its own read rules (a patient
 * asking for someone else's record gets a 404 there, hence "does not exist"
 * here). 404 -> undefined; outages -> DependencyUnavailableError (from
 * AdminClient); admin refusing the credential -> 401/403 for the caller.
 */
export class HttpDirectory implements Directory {
  constructor(private readonly admin: AdminClient) {}

  async doctor(id: number, caller: Caller): Promise<DoctorCard | undefined> {
    const answer = await this.admin.get(`/admin/doctores/${id}`, doctorBody, caller.credential);
    const body = this.found(answer, 'el doctor');
    return body && doctorCard(body);
  }

  async patient(id: number, caller: Caller): Promise<PatientCard | undefined> {
    const answer = await this.admin.get(`/admin/pacientes/${id}`, patientBody, caller.credential);
    const body = this.found(answer, 'el paciente');
    return body && { id: body.id_paciente, nombre: body.nombre, estado: body.estado };
  }

  async center(id: number, caller: Caller): Promise<CenterCard | undefined> {
    const answer = await this.admin.get(`/admin/centros/${id}`, centerBody, caller.credential);
    const body = this.found(answer, 'el centro');
    return body && { id: body.id_centro, nombre: body.nombre, activo: body.activo };
  }

  async doctorsBySpecialty(especialidad: string, caller: Caller): Promise<DoctorCard[]> {
    const wanted = especialidad.trim().toLocaleLowerCase('es');
    const doctors: DoctorCard[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const query = new URLSearchParams({ especialidad, activo: 'true', page: String(page), page_size: String(PAGE_SIZE) });
      const answer = await this.admin.get(`/admin/doctores?${query}`, doctorPage, caller.credential);
      const body = this.found(answer, 'la lista de doctores');
      if (!body) break;
      // Filtered again here: the port promises active doctors of exactly that specialty.
      for (const d of body.items) {
        if (d.activo && d.especialidad.trim().toLocaleLowerCase('es') === wanted) doctors.push(doctorCard(d));
      }
      if (body.items.length < PAGE_SIZE || page * PAGE_SIZE >= body.total) break;
    }
    return doctors;
  }

  private found<T>(answer: AdminAnswer<T>, what: string): T | undefined {
    if (answer.ok) return answer.body;
    switch (answer.status) {
      case 404:
        return undefined;
      case 401:
        // citas accepted the token but admin did not: the account was
        // deactivated or the token expired in between. The caller must log in again.
        throw new DomainError('TOKEN_INVALIDO', 'El servicio de administración no acepta sus credenciales; inicie sesión de nuevo.');
      case 403:
        throw new ForbiddenError(`Su rol no permite consultar ${what}.`);
      default:
        // A 4xx we did not expect means citas asked wrongly: a bug, not an outage.
        throw new Error(`admin answered ${answer.status} to a directory lookup`);
    }
  }
}

function doctorCard(d: z.infer<typeof doctorBody>): DoctorCard {
  return { id: d.id_doctor, nombre: d.nombre, especialidad: d.especialidad, activo: d.activo };
}

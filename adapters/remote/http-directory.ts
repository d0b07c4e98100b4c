import { z } from 'zod';
import { isEspecialidad } from '../../core/domain/doctor';
import { DependencyUnavailableError, DomainError, ForbiddenError } from '../../core/domain/errors';
import type { Caller, CenterCard, Directory, DoctorCard, Found, PatientCard, Wanted } from '../../core/ports/directory';
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

/**
 * GET /admin/directorio's answer for the records asked for: each key asked
 * must be there (the record or null), so an answer that forgot one is a
 * broken answer (503), never "does not exist". One schema per combination of
 * keys, built on first use.
 */
type DirectoryKey = 'doctor' | 'centro' | 'paciente';
const directoryEntry = { doctor: doctorBody.nullable(), centro: centerBody.nullable(), paciente: patientBody.nullable() };
const directorySchemas = new Map<string, z.ZodType<{ doctor?: z.infer<typeof doctorBody> | null; centro?: z.infer<typeof centerBody> | null; paciente?: z.infer<typeof patientBody> | null }>>();
function directoryBody(keys: DirectoryKey[]) {
  const id = keys.join(',');
  let schema = directorySchemas.get(id);
  if (!schema) {
    schema = z.object(Object.fromEntries(keys.map((k) => [k, directoryEntry[k]])));
    directorySchemas.set(id, schema);
  }
  return schema;
}

const PAGE_SIZE = 100;
/** 100 pages of 100 doctors per specialty is far beyond a clinic network; stops a looping admin. */
const MAX_PAGES = 100;

/**
 * The admin service's REST API as citas's Directory. Each lookup forwards the
 * caller's bearer token, so admin applies its own read rules (a patient
 * asking for someone else's record gets null there, hence "does not exist"
 * here). Outages -> DependencyUnavailableError (from AdminClient); admin
 * refusing the credential -> 401/403 for the caller.
 */
export class HttpDirectory implements Directory {
  constructor(private readonly admin: AdminClient) {}

  /**
   * One GET /admin/directorio for every record named (a booking's doctor,
   * center and patient): one round trip, one token check and one log line on
   * admin instead of three. Nothing named, nothing asked.
   */
  async lookUp(wanted: Wanted, caller: Caller): Promise<Found> {
    const query = new URLSearchParams();
    const keys: DirectoryKey[] = [];
    if (wanted.idDoctor !== undefined) {
      query.set('id_doctor', String(wanted.idDoctor));
      keys.push('doctor');
    }
    if (wanted.idCentro !== undefined) {
      query.set('id_centro', String(wanted.idCentro));
      keys.push('centro');
    }
    if (wanted.idPaciente !== undefined) {
      query.set('id_paciente', String(wanted.idPaciente));
      keys.push('paciente');
    }
    if (keys.length === 0) return {};
    const answer = await this.admin.get(`/admin/directorio?${query}`, directoryBody(keys), caller.credential, caller.requestId);
    const body = this.found(answer, 'el directorio');
    // 404 on the route itself: an admin that does not serve it (an older version), not an absent record.
    if (!body) throw new DependencyUnavailableError('El servicio de administración no ofrece la consulta de directorio (/admin/directorio).');
    const found: Found = {};
    if (body.doctor) found.doctor = doctorCard(body.doctor);
    if (body.centro) found.center = { id: body.centro.id_centro, nombre: body.centro.nombre, activo: body.centro.activo };
    if (body.paciente) found.patient = { id: body.paciente.id_paciente, nombre: body.paciente.nombre, estado: body.paciente.estado };
    const mismatch =
      (found.doctor && found.doctor.id !== wanted.idDoctor) ||
      (found.center && found.center.id !== wanted.idCentro) ||
      (found.patient && found.patient.id !== wanted.idPaciente);
    if (mismatch) throw new DependencyUnavailableError('El servicio de administración respondió con otras fichas que las pedidas.');
    return found;
  }

  async doctorsBySpecialty(especialidad: string, caller: Caller): Promise<DoctorCard[]> {
    const doctors: DoctorCard[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const query = new URLSearchParams({ especialidad, activo: 'true', page: String(page), page_size: String(PAGE_SIZE) });
      const answer = await this.admin.get(`/admin/doctores?${query}`, doctorPage, caller.credential, caller.requestId);
      const body = this.found(answer, 'la lista de doctores');
      if (!body) break;
      // Filtered again here, by admin's own rule: the port promises active doctors of that specialty.
      for (const d of body.items) {
        if (d.activo && isEspecialidad(d.especialidad, especialidad)) doctors.push(doctorCard(d));
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

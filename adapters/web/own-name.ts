import { z } from 'zod';
import type { Upstream, UpstreamRequest } from './upstream';
import type { SessionUser } from './web-session';

const named = z.object({ nombre: z.string() });

/**
 * The name a doctor or a patient goes by, from her own record, read with her
 * own token (the contract lets every account read a doctor, and a patient
 * her own record): the header says "Jordi Álvarez", not "jordi.alvarez". An
 * admin or a secretaria has no record with a name: undefined, and the page
 * shows the username. So does a read that fails: the name is a courtesy, and
 * admin has just answered the login, so a failure here is rare and passing.
 */
export async function ownName(
  admin: Upstream,
  user: SessionUser,
  call: Pick<UpstreamRequest, 'token' | 'requestId' | 'clientAddress'>,
): Promise<string | undefined> {
  const path =
    user.rol === 'medico' && user.id_doctor !== undefined
      ? `/admin/doctores/${user.id_doctor}`
      : user.rol === 'paciente' && user.id_paciente !== undefined
        ? `/admin/pacientes/${user.id_paciente}`
        : undefined;
  if (!path) return undefined;
  try {
    const answer = await admin.call({ method: 'GET', path, ...call });
    if (answer.status !== 200) return undefined;
    const record = named.safeParse(JSON.parse(answer.body));
    return record.success ? record.data.nombre : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The few calls the bench and the stress test make through the public API
 * (api-contract.md), with Node's global fetch. Setup failures throw with the
 * problem JSON; load requests go through autocannon or `send` instead.
 */
export interface Sent {
  status: number;
  body: unknown;
  /** Set when no HTTP answer arrived (refused, reset, timeout). */
  transportError?: string;
}

export async function send(url: string, method: string, path: string, token?: string, body?: unknown, timeoutMs = 15_000): Promise<Sent> {
  try {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: res.status, body: parsed };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { status: 0, body: undefined, transportError: cause ?? (err as Error).name ?? 'error' };
  }
}

async function expectOk<T>(sent: Promise<Sent>, what: string): Promise<T> {
  const r = await sent;
  if (r.status < 200 || r.status > 299) throw new Error(`${what}: ${r.status} ${r.transportError ?? JSON.stringify(r.body)}`);
  return r.body as T;
}

export const BOOTSTRAP_ADMIN = {
  username: process.env.ADMIN_BOOTSTRAP_USERNAME ?? 'admin',
  password: process.env.ADMIN_BOOTSTRAP_PASSWORD ?? 'OdontoCare2026!',
};

export async function login(adminUrl: string, username: string, password: string): Promise<string> {
  const body = await expectOk<{ access_token: string }>(send(adminUrl, 'POST', '/auth/login', undefined, { username, password }), `login ${username}`);
  return body.access_token;
}

export interface Directory {
  centros: number[];
  doctores: number[];
  pacientes: { id: number; username: string; password: string }[];
}

/**
 * A center, `doctors` doctors and `patients` patients created through the
 * admin API, a few at a time (each one costs an Argon2id hash on the server).
 */
export async function seedDirectory(adminUrl: string, token: string, doctors: number, patients: number, tag = 'b'): Promise<Directory> {
  const centro = await expectOk<{ id_centro: number }>(
    send(adminUrl, 'POST', '/admin/centros', token, { nombre: `Centro ${tag}`, direccion: 'Calle Mayor 1, Madrid' }),
    'crear centro',
  );
  const doctores = await inBatches(doctors, 4, async (i) => {
    const d = await expectOk<{ id_doctor: number }>(
      send(adminUrl, 'POST', '/admin/doctores', token, {
        nombre: `Doctora ${tag} ${i}`,
        especialidad: i % 2 ? 'Ortodoncia' : 'Endodoncia',
        username: `doc_${tag}_${i}`,
        password: `Clave${i}segura9`,
      }),
      'crear doctor',
    );
    return d.id_doctor;
  });
  const pacientes = await inBatches(patients, 4, async (i) => {
    const username = `pac_${tag}_${i}`;
    const password = `Clave${i}segura9`;
    const p = await expectOk<{ id_paciente: number }>(
      send(adminUrl, 'POST', '/admin/pacientes', token, { nombre: `Paciente ${tag} ${i}`, telefono: `+3460000${String(i).padStart(4, '0')}`, username, password }),
      'crear paciente',
    );
    return { id: p.id_paciente, username, password };
  });
  return { centros: [centro.id_centro], doctores, pacientes };
}

async function inBatches<T>(count: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      out[i] = await make(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
  return out;
}

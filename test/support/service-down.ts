/**
 * What the web answers when admin or citas does not (adapters/web/upstream.ts):
 * a 503 problem JSON with Retry-After. A browser test fulfils a read with it
 * (Playwright's routing) to play an outage of one read without stopping a service.
 */
export function serviceDown(api: 'admin' | 'citas'): { status: number; headers: Record<string, string>; body: string } {
  const what = api === 'admin' ? 'El servicio admin (usuarios, doctores, pacientes y centros)' : 'El servicio de citas';
  return {
    status: 503,
    headers: { 'content-type': 'application/problem+json', 'retry-after': '5' },
    body: JSON.stringify({
      type: 'urn:odontocare:problema:servicio-no-disponible',
      title: 'Servicio no disponible',
      status: 503,
      detail: `${what} no responde en este momento. Inténtelo de nuevo en unos segundos.`,
      code: 'SERVICIO_NO_DISPONIBLE',
      errors: [],
    }),
  };
}

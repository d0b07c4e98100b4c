import { type Center, type CenterFields, cleanCenterFields } from '../domain/center';
import { assertMay } from '../domain/access';
import type { Actor } from '../ports/tokens';
import type { AdminDeps } from './admin-use-cases';

export class CreateCenter {
  constructor(private readonly ports: Pick<AdminDeps, 'centers' | 'writes'>) {}

  async execute(input: CenterFields, who: Actor): Promise<Center> {
    assertMay(who, 'centros.gestionar');
    const clean = cleanCenterFields({ nombre: input.nombre, direccion: input.direccion });
    const { centers, writes } = this.ports;
    return writes.run(who, () => centers.add({ ...clean, activo: true }));
  }
}

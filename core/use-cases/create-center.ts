import { type Center, type CenterFields, cleanCenterFields } from '../domain/center';
import { assertMay } from '../domain/access';
import type { Principal } from '../domain/roles';
import type { AdminDeps } from './admin-use-cases';

export class CreateCenter {
  constructor(private readonly ports: Pick<AdminDeps, 'centers' | 'writes'>) {}

  async execute(input: CenterFields, who: Principal): Promise<Center> {
    assertMay(who, 'centros.gestionar');
    const clean = cleanCenterFields({ nombre: input.nombre, direccion: input.direccion });
    const { centers, writes } = this.ports;
    return writes.run(who, () => centers.add({ ...clean, activo: true }));
  }
}

import { type Center, type CenterFields, cleanCenterFields } from '../domain/center';
import { assertMay } from '../domain/access';
import type { Principal } from '../domain/roles';
import type { AdminPorts } from './admin-use-cases';

export class CreateCenter {
  constructor(private readonly ports: Pick<AdminPorts, 'centers'>) {}

  async execute(input: CenterFields, who: Principal): Promise<Center> {
    assertMay(who, 'centros.gestionar');
    const clean = cleanCenterFields({ nombre: input.nombre, direccion: input.direccion });
    return this.ports.centers.add({ ...clean, activo: true });
  }
}

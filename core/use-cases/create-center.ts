import { type Center, type CenterFields, cleanCenterFields } from '../domain/center';
import type { AdminPorts } from './admin-use-cases';

export class CreateCenter {
  constructor(private readonly ports: Pick<AdminPorts, 'centers'>) {}

  async execute(input: CenterFields): Promise<Center> {
    const clean = cleanCenterFields({ nombre: input.nombre, direccion: input.direccion });
    return this.ports.centers.add({ ...clean, activo: true });
  }
}

import { type Center, type CenterFields, cleanCenterFields } from '../domain/center';
import type { Centers } from '../ports/centers';

export class CreateCenter {
  constructor(private readonly centers: Centers) {}

  execute(input: CenterFields): Center {
    const clean = cleanCenterFields({ nombre: input.nombre, direccion: input.direccion });
    return this.centers.add({ ...clean, activo: true });
  }
}

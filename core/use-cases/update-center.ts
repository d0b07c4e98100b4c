import { centerNotFound } from '../domain/center';
import { type Center, type CenterFields, cleanCenterFields } from '../domain/center';
import { NotFoundError, ValidationError } from '../domain/errors';
import { assertMay } from '../domain/access';
import { ROOT_PATH } from '../domain/field-problems';
import type { Actor } from '../ports/tokens';
import type { AdminDeps } from './admin-use-cases';
import { defined } from './update-doctor';

export type CenterChanges = Partial<CenterFields> & { activo?: boolean };

export class UpdateCenter {
  constructor(private readonly ports: Pick<AdminDeps, 'centers' | 'writes'>) {}

  async execute(id: number, changes: CenterChanges, who: Actor): Promise<Center> {
    assertMay(who, 'centros.gestionar');
    if (Object.values(changes).every((v) => v === undefined)) {
      throw ValidationError.field(ROOT_PATH, 'Indique al menos un campo que cambiar.');
    }
    const clean = cleanCenterFields(changes);
    const { centers, writes } = this.ports;
    // Read and written back whole in one unit of work: a DELETE or another PATCH committed in between is not undone.
    return writes.run(who, async () => {
      const center = await centers.byId(id);
      if (!center) throw centerNotFound(id);
      return centers.update({ ...center, ...defined(clean) });
    });
  }
}

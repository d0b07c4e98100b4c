import type { Center } from '../domain/center';
import { assertMay } from '../domain/access';
import type { Actor } from '../ports/tokens';
import { centerNotFound } from '../domain/center';
import type { AdminDeps } from './admin-use-cases';

/** DELETE never erases: the center becomes inactive (citas refuses new bookings there). Idempotent. */
export class DeactivateCenter {
  constructor(private readonly ports: Pick<AdminDeps, 'centers' | 'writes'>) {}

  async execute(id: number, who: Actor): Promise<Center> {
    assertMay(who, 'centros.gestionar');
    const { centers, writes } = this.ports;
    // As UpdateCenter: read and written in one unit of work, so a PATCH racing it cannot reopen the center.
    return writes.run(who, async () => {
      const center = await centers.byId(id);
      if (!center) throw centerNotFound(id);
      return center.activo ? centers.update({ ...center, activo: false }) : center;
    });
  }
}

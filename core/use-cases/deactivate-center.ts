import type { Center } from '../domain/center';
import { assertMay } from '../domain/access';
import type { Principal } from '../domain/roles';
import { centerNotFound } from '../domain/center';
import type { AdminPorts } from './admin-use-cases';

/** DELETE never erases: the center becomes inactive (citas refuses new bookings there). Idempotent. */
export class DeactivateCenter {
  constructor(private readonly ports: Pick<AdminPorts, 'centers' | 'uow'>) {}

  async execute(id: number, who: Principal): Promise<Center> {
    assertMay(who, 'centros.gestionar');
    const { centers, uow } = this.ports;
    // As UpdateCenter: read and written in one unit of work, so a PATCH racing it cannot reopen the center.
    return uow.run(async () => {
      const center = await centers.byId(id);
      if (!center) throw centerNotFound(id);
      return center.activo ? centers.update({ ...center, activo: false }) : center;
    });
  }
}

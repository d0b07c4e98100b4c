import type { Center } from '../domain/center';
import type { Centers } from '../ports/centers';
import { centerNotFound } from '../domain/center';

/** DELETE never erases: the center becomes inactive (citas refuses new bookings there). Idempotent. */
export class DeactivateCenter {
  constructor(private readonly centers: Centers) {}

  execute(id: number): Center {
    const center = this.centers.byId(id);
    if (!center) throw centerNotFound(id);
    return center.activo ? this.centers.update({ ...center, activo: false }) : center;
  }
}

import type { RouteSpec } from '../route';
import { authRoutes } from './auth-routes';
import { centerRoutes } from './center-routes';
import type { AdminHttpDeps } from './deps';
import { directoryRoutes } from './directory-routes';
import { doctorRoutes } from './doctor-routes';
import { patientRoutes } from './patient-routes';
import { userRoutes } from './user-routes';

export type { AdminHttpDeps } from './deps';

/** Every admin route, declared once (role gate, schemas, handler). */
export function adminRoutes(d: AdminHttpDeps): RouteSpec[] {
  return [...authRoutes(d), ...userRoutes(d), ...doctorRoutes(d), ...patientRoutes(d), ...centerRoutes(d), ...directoryRoutes(d)];
}

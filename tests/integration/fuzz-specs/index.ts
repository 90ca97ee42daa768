import { specKit, type RouteSpec } from './kit';
import { accountsAdminSpecs } from './routes-accounts-admin';
import { cohortStaffAndMoreSpecs } from './routes-cohort-staff-and-more';
import { cohortWorkSpecs } from './routes-cohort-work';
import type { FuzzWorld } from './world';

export { buildFuzzWorld, type FuzzWorld, type Who } from './world';
export type { FormCase, RouteSpec } from './kit';
export { eventSpecs, type EventSpec, type SocketRule } from './events';

/** Every route file with an action, and the forms it takes. */
export function routeSpecs(w: FuzzWorld): Record<string, RouteSpec> {
  const kit = specKit(w);
  return {
    ...accountsAdminSpecs(w, kit),
    ...cohortWorkSpecs(w, kit),
    ...cohortStaffAndMoreSpecs(w, kit),
  };
}

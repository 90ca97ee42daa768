import type { CohortRole } from '../../db/schema';

/** how a person reaches a cohort: through a membership role, or as an admin of its organization */
export type CohortAccessRole = CohortRole | 'org-admin';

/**
 * Every rule of a cohort, named, with the roles that hold it. Loaders, actions and socket
 * handlers ask `may(role, rule)` (or pass the rule to `requireCohortRole`) and never compare
 * roles themselves. A membership role wins over the org-admin flag, so an org admin who is
 * assigned a role in a cohort acts in that role there.
 *
 * An org admin who does not staff a cohort may view it and administer it (settings, roster,
 * invitations, stage moves, partners, hours adjustments and exports), and may shape its
 * pathway and assessment as before; they may not score evidence, review action plans nor
 * host the live room or the share-out. See docs/decisions/035-one-permission-policy.md.
 */
export const cohortRules = {
  /** open the cohort's pages at all */
  view: ['facilitator', 'coach', 'participant', 'org-admin'],
  /** do a participant's own work: the pre-assessment, the program evaluation */
  participate: ['participant'],
  /** staff work that is not scoring: read everyone's progress, plans and results, schedule coaching sessions, see attendance */
  manage: ['facilitator', 'coach', 'org-admin'],
  /** run the cohort: settings, roster, invitations, stage moves, partners, hours adjustments, attendance overrides, waivers */
  administer: ['facilitator', 'org-admin'],
  /** download the cohort's official records (hours) */
  export: ['facilitator', 'org-admin'],
  /** choose the pathway and edit the cohort's pre-assessment */
  curate: ['coach', 'org-admin'],
  /** score submitted evidence */
  score: ['coach'],
  /** answer a submitted action plan */
  review: ['coach'],
  /** host the live room of a coaching session */
  host: ['facilitator', 'coach'],
} as const satisfies Record<string, readonly CohortAccessRole[]>;

export type CohortRule = keyof typeof cohortRules;

/** whether someone reaching the cohort as `role` holds `rule` there */
export function may(role: CohortAccessRole | null | undefined, rule: CohortRule): boolean {
  if (!role) return false;
  return (cohortRules[rule] as readonly CohortAccessRole[]).includes(role);
}

/**
 * Rules of the organization, for a person with the org-admin flag. Org admins administer
 * their own organization only; every check also compares the organization.
 */
export function administersOrganization(
  user: { isOrgAdmin: boolean; organizationId: string } | null | undefined,
  organizationId: string,
): boolean {
  return !!user && user.isOrgAdmin && user.organizationId === organizationId;
}

/** the facilitator runs the share-out; a coach runs it when they are its host */
export function runsShareOut(role: CohortAccessRole | null | undefined, isItsHost: boolean) {
  return may(role, 'host') && (role === 'facilitator' || isItsHost);
}

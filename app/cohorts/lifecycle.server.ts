import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { cohortStatuses, type CohortStatus, type Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { recordCohortCompletion } from '../hours/ledger.server';
import { lockCohort } from './enrolment.server';

/** What the rules look at when a cohort changes stage; gathered in one query. */
export interface CohortFacts {
  status: CohortStatus;
  hasCoach: boolean;
  activeParticipants: number;
  waitlisted: number;
  openInvitations: number;
  /** whether the coach has published the pathway (read by getCohortFacts) */
  pathwayPublished?: boolean;
  /** pre-assessment responses started or submitted */
  assessmentResponses?: number;
  /** a share-out coaching session is scheduled and its share-out has not been finished */
  shareOutUnfinished?: boolean;
  /** a share-out coaching session is scheduled (not cancelled) */
  shareOutScheduled?: boolean;
}

/** what the facilitator is told when the share-out stage has no meeting to hold it in */
export const SHARE_OUT_SESSION_MISSING =
  'Schedule the share-out session first, so everyone knows when to present their action plans.';

export const stageLabels: Record<CohortStatus, string> = {
  forming: 'Forming',
  assessing: 'Pre-assessment',
  learning: 'Learning',
  sharing: 'Share-out',
  completed: 'Completed',
  archived: 'Archived',
};

export function nextStage(status: CohortStatus): CohortStatus | null {
  return cohortStatuses[cohortStatuses.indexOf(status) + 1] ?? null;
}

/**
 * Moving back is allowed only where it loses nothing: before anything of the later stage
 * exists (later features add their own checks here). Hours and credentials issued at
 * completion cannot be taken back by a stage change, so `completed` never goes back.
 */
export function previousStage(status: CohortStatus): CohortStatus | null {
  if (status === 'completed' || status === 'forming') return null;
  return cohortStatuses[cohortStatuses.indexOf(status) - 1] ?? null;
}

/**
 * Everything still missing before the cohort may move to `to`, in words a facilitator
 * can act on. An empty list means the move is allowed.
 */
export function missingForTransition(facts: CohortFacts, to: CohortStatus): string[] {
  const forward = nextStage(facts.status) === to;
  const backward = previousStage(facts.status) === to;
  if (!forward && !backward) {
    return [
      `A cohort in ${stageLabels[facts.status]} cannot move to ${stageLabels[to]}; stages go one step at a time.`,
    ];
  }
  if (backward) {
    if (to === 'forming' && (facts.assessmentResponses ?? 0) > 0) {
      return [
        'Participants have already started the pre-assessment; going back to forming would lose track of their answers.',
      ];
    }
    return [];
  }

  const missing: string[] = [];
  if (to === 'assessing' || to === 'learning') {
    if (!facts.hasCoach) missing.push('A coach must be assigned (Settings → Coach).');
    if (facts.activeParticipants < 1) {
      missing.push('At least one participant must have accepted an invitation.');
    }
  }
  if (to === 'learning' && facts.pathwayPublished === false) {
    missing.push('The coach must publish the pathway (Pathway → Publish).');
  }
  if (to === 'sharing' && facts.shareOutScheduled === false) {
    missing.push(SHARE_OUT_SESSION_MISSING);
  }
  if (to === 'completed' && facts.shareOutUnfinished === true) {
    missing.push(
      'Finish the share-out (Share-out → Finish the share-out) so every presented plan is shared.',
    );
  }
  return missing;
}

/**
 * The columns behind CohortFacts, as subqueries on `cohort`, so the dashboard can read the
 * same facts in its own single query.
 */
export function cohortFactColumns(eb: ExpressionBuilder<Database, 'cohort'>) {
  return [
    'cohort.status',
    'cohort.coach_id as coachId',
    eb
      .selectFrom('cohort_member')
      .select(sql<string>`count(*) filter (where status = 'active')`.as('n'))
      .whereRef('cohort_member.cohort_id', '=', 'cohort.id')
      .where('cohort_member.role', '=', 'participant')
      .as('activeParticipants'),
    eb
      .selectFrom('cohort_member')
      .select(sql<string>`count(*) filter (where status = 'waitlisted')`.as('n'))
      .whereRef('cohort_member.cohort_id', '=', 'cohort.id')
      .as('waitlisted'),
    eb
      .selectFrom('invitation')
      .select(sql<string>`count(*)`.as('n'))
      .whereRef('invitation.cohort_id', '=', 'cohort.id')
      .where('invitation.accepted_at', 'is', null)
      .where('invitation.revoked_at', 'is', null)
      .as('openInvitations'),
    eb
      .selectFrom('pathway')
      .select(sql<boolean>`published_at is not null`.as('published'))
      .whereRef('pathway.cohort_id', '=', 'cohort.id')
      .as('pathwayPublished'),
    eb
      .selectFrom('assessment_response')
      .select(sql<string>`count(*)`.as('n'))
      .whereRef('assessment_response.cohort_id', '=', 'cohort.id')
      .as('assessmentResponses'),
    sql<boolean>`(exists (select 1 from coaching_session
        where coaching_session.cohort_id = cohort.id
          and coaching_session.kind = 'share-out' and coaching_session.status = 'scheduled')
      and not exists (select 1 from share_out
        where share_out.cohort_id = cohort.id and share_out.finished_at is not null))`.as(
      'shareOutUnfinished',
    ),
    sql<boolean>`exists (select 1 from coaching_session
        where coaching_session.cohort_id = cohort.id
          and coaching_session.kind = 'share-out' and coaching_session.status = 'scheduled')`.as(
      'shareOutScheduled',
    ),
  ] as const;
}

export function factsFromRow(row: {
  status: CohortStatus;
  coachId: string | null;
  activeParticipants: string | number | null;
  waitlisted: string | number | null;
  openInvitations: string | number | null;
  pathwayPublished: boolean | null;
  assessmentResponses: string | number | null;
  shareOutUnfinished?: boolean | null;
  shareOutScheduled?: boolean | null;
}): CohortFacts {
  return {
    status: row.status,
    hasCoach: row.coachId !== null,
    activeParticipants: Number(row.activeParticipants ?? 0),
    waitlisted: Number(row.waitlisted ?? 0),
    openInvitations: Number(row.openInvitations ?? 0),
    pathwayPublished: row.pathwayPublished === true,
    assessmentResponses: Number(row.assessmentResponses ?? 0),
    shareOutUnfinished: row.shareOutUnfinished === true,
    shareOutScheduled: row.shareOutScheduled === true,
  };
}

export async function getCohortFacts(
  db: Kysely<Database>,
  cohortId: string,
): Promise<CohortFacts | null> {
  const row = await db
    .selectFrom('cohort')
    .select((eb) => cohortFactColumns(eb))
    .where('cohort.id', '=', cohortId)
    .executeTakeFirst();
  return row ? factsFromRow(row) : null;
}

/** the facts of many cohorts in one statement, by cohort id */
export async function getCohortFactsByCohort(
  db: Kysely<Database>,
  cohortIds: readonly string[],
): Promise<Map<string, CohortFacts>> {
  if (cohortIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('cohort')
    .select((eb) => ['cohort.id as cohortId', ...cohortFactColumns(eb)])
    .where('cohort.id', 'in', cohortIds)
    .execute();
  return new Map(rows.map((row) => [row.cohortId, factsFromRow(row)]));
}

export type MoveOutcome =
  | { status: 'moved'; from: CohortStatus; to: CohortStatus }
  | { status: 'refused'; missing: string[] }
  | { status: 'not-found' };

/** Moves a cohort one stage forward or back, after checking, with an audit entry. */
export async function moveCohort(
  db: Kysely<Database>,
  input: { cohortId: string; to: CohortStatus; actorId: string },
): Promise<MoveOutcome> {
  return withTransaction(db, async (trx) => {
    const cohort = await lockCohort(trx, input.cohortId);
    if (!cohort) return { status: 'not-found' };
    const facts = await getCohortFacts(trx, input.cohortId);
    if (!facts) return { status: 'not-found' };
    const missing = missingForTransition(facts, input.to);
    if (missing.length > 0) return { status: 'refused', missing };

    await trx
      .updateTable('cohort')
      .set({ status: input.to })
      .where('id', '=', input.cohortId)
      .execute();
    await recordAudit(trx, {
      organizationId: cohort.organizationId,
      actorId: input.actorId,
      action: 'cohort.status_changed',
      targetType: 'cohort',
      targetId: input.cohortId,
      before: { status: facts.status },
      after: { status: input.to },
    });
    if (input.to === 'completed') {
      await recordCohortCompletion(trx, { cohortId: input.cohortId, actorId: input.actorId });
    }
    return { status: 'moved', from: facts.status, to: input.to };
  });
}

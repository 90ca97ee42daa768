import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { compiledOnce } from '../../db/compiled-once';
import type { CohortStatus, Database } from '../../db/schema';
import {
  cohortFactColumns,
  factsFromRow,
  missingForTransition,
  nextStage,
  stageLabels,
  type CohortFacts,
} from './lifecycle.server';

type Executor = Kysely<Database>;

// a cohort's first page, and its largest statement: compiled once
const dashboardStatement = compiledOnce((db, args: { cohortId: string }) =>
  db
    .selectFrom('cohort')
    .select((eb) => [
      'cohort.id',
      'cohort.capacity',
      'cohort.join_code as joinCode',
      ...cohortFactColumns(eb),
      jsonArrayFrom(
        eb
          .selectFrom('invitation')
          .select([
            'invitation.id',
            'invitation.email',
            'invitation.name',
            'invitation.last_sent_at as sentAt',
            'invitation.expires_at as expiresAt',
          ])
          .whereRef('invitation.cohort_id', '=', 'cohort.id')
          .where('invitation.accepted_at', 'is', null)
          .where('invitation.revoked_at', 'is', null)
          .orderBy('invitation.last_sent_at', 'desc')
          .limit(6),
      ).as('pendingInvitations'),
      jsonArrayFrom(
        eb
          .selectFrom('audit_log')
          .leftJoin('app_user as actor', 'actor.id', 'audit_log.actor_id')
          .select([
            'audit_log.id',
            'audit_log.action',
            'audit_log.after',
            'audit_log.before',
            'audit_log.at',
            'actor.name as actorName',
          ])
          .where('audit_log.target_type', '=', 'cohort')
          .where('audit_log.target_id', '=', sql<string>`cohort.id::text`)
          .orderBy('audit_log.at', 'desc')
          .limit(8),
      ).as('recentActivity'),
    ])
    .where('cohort.id', '=', args.cohortId),
);

/**
 * Everything the cohort home shows, in one query whatever the cohort's size: counts,
 * the open invitations, recent activity from the audit log.
 */
export async function getCohortDashboard(db: Executor, cohortId: string) {
  const [row] = await dashboardStatement(db, { cohortId });
  if (!row) return null;

  const facts = factsFromRow(row);
  return {
    facts,
    capacity: row.capacity,
    joinCode: row.joinCode,
    pendingInvitations: row.pendingInvitations.map((invitation) => ({
      ...invitation,
      sentAt: new Date(invitation.sentAt).toISOString(),
      expired: new Date(invitation.expiresAt).getTime() <= Date.now(),
    })),
    recentActivity: row.recentActivity.map((entry) => ({
      id: entry.id,
      at: new Date(entry.at).toISOString(),
      text: describeActivity(entry.action, entry.actorName, entry.before, entry.after),
    })),
    nextSteps: nextStepsFor(facts, row.capacity),
  };
}

function field(value: unknown, key: string): string | undefined {
  if (value && typeof value === 'object' && key in value) {
    const found = (value as Record<string, unknown>)[key];
    return typeof found === 'string' || typeof found === 'number' ? String(found) : undefined;
  }
  return undefined;
}

/** One line of "recent activity" for an audit entry, in plain words. */
export function describeActivity(
  action: string,
  actorName: string | null,
  before: unknown,
  after: unknown,
): string {
  const who = actorName ?? 'Someone';
  switch (action) {
    case 'cohort.created':
      return `${who} created the cohort`;
    case 'cohort.updated':
      return `${who} updated the cohort settings`;
    case 'cohort.status_changed': {
      const from = field(before, 'status') as CohortStatus | undefined;
      const to = field(after, 'status') as CohortStatus | undefined;
      return `${who} moved the cohort from ${from ? stageLabels[from] : '?'} to ${to ? stageLabels[to] : '?'}`;
    }
    case 'cohort.join_code_created':
      return `${who} turned on the join link`;
    case 'cohort.join_code_disabled':
      return `${who} turned off the join link`;
    case 'invitation.sent': {
      const count = Number(field(after, 'count') ?? 1);
      return `${who} sent ${count} invitation${count === 1 ? '' : 's'}`;
    }
    case 'invitation.resent':
      return `${who} resent the invitation to ${field(after, 'email') ?? 'someone'}`;
    case 'invitation.revoked':
      return `${who} revoked the invitation to ${field(after, 'email') ?? 'someone'}`;
    case 'member.joined':
      return `${who} joined the cohort`;
    case 'member.waitlisted':
      return `${who} joined the waitlist`;
    case 'member.withdrawn':
      return `${who} withdrew ${field(after, 'name') ?? 'a member'}`;
    case 'member.promoted_from_waitlist':
      return `${field(after, 'name') ?? 'Someone'} moved from the waitlist into a seat`;
    case 'coaching_session.scheduled':
      return `${who} scheduled “${field(after, 'title') ?? 'a coaching session'}”`;
    case 'coaching_session.updated':
      return `${who} changed “${field(after, 'title') ?? 'a coaching session'}”`;
    case 'coaching_session.cancelled':
      return `${who} cancelled “${field(before, 'title') ?? 'a coaching session'}”`;
    case 'attendance.overridden':
      return `${who} set ${field(after, 'name') ?? 'a participant'}’s attendance for “${field(after, 'title') ?? 'a session'}”`;
    case 'attendance.time_added':
      return `${who} added time for ${field(after, 'name') ?? 'a participant'} in “${field(after, 'title') ?? 'a session'}”`;
    case 'attendance.matched':
      return `${who} matched Zoom participant “${field(after, 'zoomName') ?? '?'}” to ${field(after, 'name') ?? 'a participant'}`;
    case 'member.role_changed':
      return `${who} made ${field(after, 'name') ?? 'a member'} ${field(after, 'role') ?? 'something else'}`;
    case 'assessment.reminded': {
      const count = Number(field(after, 'count') ?? 1);
      const name = field(after, 'name');
      return `${who} reminded ${count === 1 && name ? name : `${count} participants`} to finish the pre-assessment`;
    }
    case 'pathway.module_added':
      return `${who} added “${field(after, 'title') ?? 'a module'}” to the pathway`;
    case 'pathway.module_removed':
      return `${who} removed “${field(after, 'title') ?? 'a module'}” from the pathway`;
    case 'pathway.published':
      return `${who} published the pathway`;
    default:
      return `${who}: ${action.replace(/[._]/g, ' ')}`;
  }
}

/** What the facilitator should do next at this stage, most urgent first. */
export function nextStepsFor(facts: CohortFacts, capacity: number): string[] {
  const steps: string[] = [];
  const upcoming = nextStage(facts.status);
  if (facts.status === 'forming') {
    const seats = capacity - facts.activeParticipants;
    if (facts.activeParticipants + facts.openInvitations < 15) {
      steps.push(
        `Invite more educators: the program is designed for 15–20 and ${facts.activeParticipants} have joined so far.`,
      );
    }
    if (facts.openInvitations > 0) {
      steps.push(
        `${facts.openInvitations} invitation${facts.openInvitations === 1 ? ' is' : 's are'} waiting for an answer; resend any that have gone quiet.`,
      );
    }
    if (seats <= 0 && facts.waitlisted > 0) {
      steps.push(
        `The cohort is full and ${facts.waitlisted} ${facts.waitlisted === 1 ? 'person is' : 'people are'} waiting; raise the capacity in Settings if you can take them.`,
      );
    }
  }
  if (upcoming) {
    const missing = missingForTransition(facts, upcoming);
    if (missing.length > 0) steps.push(...missing);
    else steps.push(`When everyone is ready, move the cohort to ${stageLabels[upcoming]}.`);
  }
  return steps;
}

import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { cohortRoles, memberStatuses, type Database } from '../../db/schema';
import { toCsv, type CsvValue } from '../utils/csv.server';

type Executor = Kysely<Database>;

export const RosterFilterSchema = z.object({
  q: z.string().trim().max(100).catch(''),
  status: z.enum([...memberStatuses, 'all']).catch('all'),
  role: z.enum([...cohortRoles, 'all']).catch('all'),
});
export type RosterFilter = z.infer<typeof RosterFilterSchema>;

export interface RosterMember {
  memberId: string;
  userId: string;
  name: string;
  email: string;
  stateEducatorId: string | null;
  role: 'facilitator' | 'coach' | 'participant';
  status: 'invited' | 'active' | 'waitlisted' | 'withdrawn' | 'completed';
  invitedAt: string | null;
  joinedAt: string | null;
  lastSeenAt: string | null;
  waitlistPosition: number | null;
}

export interface RosterInvitation {
  invitationId: string;
  email: string;
  name: string | null;
  role: 'facilitator' | 'coach' | 'participant';
  sentAt: string;
  sendCount: number;
  expiresAt: string;
  expired: boolean;
}

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

/** the facilitator, then the coach, then the participants */
const staffFirst = sql`case cohort_member.role when 'facilitator' then 0 when 'coach' then 1 else 2 end`;

export interface CohortPerson {
  userId: string;
  name: string;
  role: 'facilitator' | 'coach' | 'participant';
  status: string;
}

/**
 * Who is in the cohort, staff first, as a participant's cohort home lists them. Read by that
 * page alone: every cohort page used to carry the list in its header's data.
 */
export function getCohortPeople(db: Executor, cohortId: string): Promise<CohortPerson[]> {
  return db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select([
      'app_user.id as userId',
      'app_user.name',
      'cohort_member.role',
      'cohort_member.status',
    ])
    .where('cohort_member.cohort_id', '=', cohortId)
    .where('cohort_member.status', '!=', 'withdrawn')
    .orderBy(staffFirst)
    .orderBy('app_user.name')
    .execute();
}

/**
 * The roster: members (with the waitlist in order) and the invitations still open.
 * Filters apply to both; pending invitations count as status "invited".
 */
export async function getRoster(db: Executor, cohortId: string, filter: RosterFilter) {
  const members = await db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select([
      'cohort_member.id as memberId',
      'app_user.id as userId',
      'app_user.name',
      'app_user.email',
      'app_user.state_educator_id as stateEducatorId',
      'cohort_member.role',
      'cohort_member.status',
      'cohort_member.invited_at as invitedAt',
      'cohort_member.joined_at as joinedAt',
      'app_user.last_seen_at as lastSeenAt',
      sql<string | null>`case when cohort_member.status = 'waitlisted' then row_number() over (
        partition by cohort_member.status order by cohort_member.waitlisted_at, cohort_member.created_at) end`.as(
        'waitlistPosition',
      ),
    ])
    .where('cohort_member.cohort_id', '=', cohortId)
    .orderBy(staffFirst)
    .orderBy('app_user.name')
    .execute();

  const invitations = await db
    .selectFrom('invitation')
    .select([
      'id as invitationId',
      'email',
      'name',
      'role',
      'last_sent_at as sentAt',
      'send_count as sendCount',
      'expires_at as expiresAt',
    ])
    .where('cohort_id', '=', cohortId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();

  const query = filter.q.toLowerCase();
  const matchesText = (...values: (string | null)[]) =>
    query === '' || values.some((value) => value?.toLowerCase().includes(query));

  const rosterMembers: RosterMember[] = members
    .map((member) => ({
      ...member,
      invitedAt: iso(member.invitedAt),
      joinedAt: iso(member.joinedAt),
      lastSeenAt: iso(member.lastSeenAt),
      waitlistPosition: member.waitlistPosition === null ? null : Number(member.waitlistPosition),
    }))
    .filter(
      (member) =>
        (filter.status === 'all' || member.status === filter.status) &&
        (filter.role === 'all' || member.role === filter.role) &&
        matchesText(member.name, member.email, member.stateEducatorId),
    );

  const now = Date.now();
  const rosterInvitations: RosterInvitation[] = invitations
    .map((invitation) => ({
      ...invitation,
      sentAt: new Date(invitation.sentAt).toISOString(),
      expiresAt: new Date(invitation.expiresAt).toISOString(),
      expired: new Date(invitation.expiresAt).getTime() <= now,
    }))
    .filter(
      (invitation) =>
        (filter.status === 'all' || filter.status === 'invited') &&
        (filter.role === 'all' || invitation.role === filter.role) &&
        matchesText(invitation.name, invitation.email),
    );

  const counts = {
    active: members.filter((m) => m.status === 'active' && m.role === 'participant').length,
    waitlisted: members.filter((m) => m.status === 'waitlisted').length,
    withdrawn: members.filter((m) => m.status === 'withdrawn').length,
    invited: invitations.length,
  };
  return { members: rosterMembers, invitations: rosterInvitations, counts };
}

export function rosterToCsv(
  roster: Awaited<ReturnType<typeof getRoster>>,
  formatDate: (iso: string | null) => string,
) {
  const header = [
    'name',
    'email',
    'state educator id',
    'role',
    'status',
    'waitlist position',
    'invited',
    'joined',
    'last seen',
  ];
  const lines: CsvValue[][] = [header];
  for (const member of roster.members) {
    lines.push([
      member.name,
      member.email,
      member.stateEducatorId,
      member.role,
      member.status,
      member.waitlistPosition,
      formatDate(member.invitedAt),
      formatDate(member.joinedAt),
      formatDate(member.lastSeenAt),
    ]);
  }
  for (const invitation of roster.invitations) {
    lines.push([
      invitation.name,
      invitation.email,
      null,
      invitation.role,
      invitation.expired ? 'invitation expired' : 'invited',
      null,
      formatDate(invitation.sentAt),
      null,
      null,
    ]);
  }
  return toCsv(lines);
}

import { sql, type Kysely, type Transaction } from 'kysely';
import type { CohortRole, Database, MemberStatus } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { enqueueNotificationEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';
import { repairPartnerGroups } from '../critique/partners.server';

type Executor = Kysely<Database>;

export type EnrolmentOutcome =
  | { status: 'active' | 'waitlisted'; memberId: string; changed: true }
  | { status: MemberStatus; memberId: string; changed: false };

/**
 * Locks the cohort row for the rest of the transaction. Every change to who holds a seat
 * takes this lock first, so two people accepting at once queue up instead of both
 * taking the last seat.
 */
export async function lockCohort(trx: Transaction<Database>, cohortId: string) {
  return trx
    .selectFrom('cohort')
    .select([
      'id',
      'name',
      'capacity',
      'status',
      'organization_id as organizationId',
      'join_code as joinCode',
    ])
    .where('id', '=', cohortId)
    .forUpdate()
    .executeTakeFirst();
}

export async function countActiveParticipants(db: Executor, cohortId: string) {
  const row = await db
    .selectFrom('cohort_member')
    .select(sql<string>`count(*)`.as('count'))
    .where('cohort_id', '=', cohortId)
    .where('role', '=', 'participant')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Puts a person into a cohort. Facilitators and coaches are always active; a participant
 * takes a seat while one is free and joins the end of the waitlist otherwise. Someone
 * already in the cohort keeps their place; someone who withdrew comes back.
 */
export async function enrolMember(
  db: Executor,
  input: { cohortId: string; userId: string; role: CohortRole },
): Promise<EnrolmentOutcome> {
  return withTransaction(db, async (trx) => {
    const cohort = await lockCohort(trx, input.cohortId);
    if (!cohort) throw new Error(`cohort ${input.cohortId} does not exist`);

    const existing = await trx
      .selectFrom('cohort_member')
      .select(['id', 'status', 'role'])
      .where('cohort_id', '=', input.cohortId)
      .where('user_id', '=', input.userId)
      .executeTakeFirst();
    if (existing && ['active', 'waitlisted', 'completed'].includes(existing.status)) {
      return { status: existing.status, memberId: existing.id, changed: false };
    }

    const seatFree =
      input.role !== 'participant' ||
      (await countActiveParticipants(trx, input.cohortId)) < cohort.capacity;
    const now = new Date();
    const values = {
      role: input.role,
      status: seatFree ? ('active' as const) : ('waitlisted' as const),
      joined_at: seatFree ? now : null,
      waitlisted_at: seatFree ? null : now,
      withdrawn_at: null,
    };
    const member = existing
      ? await trx
          .updateTable('cohort_member')
          .set(values)
          .where('id', '=', existing.id)
          .returning(['id', 'status'])
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('cohort_member')
          .values({ cohort_id: input.cohortId, user_id: input.userId, ...values })
          .returning(['id', 'status'])
          .executeTakeFirstOrThrow();
    if (member.status === 'active' && input.role === 'participant') {
      // a late joiner gets a critique partner when the groups already exist
      await repairPartnerGroups(trx, { cohortId: input.cohortId, actorId: null, appOrigin: null });
    }
    return { status: member.status as 'active' | 'waitlisted', memberId: member.id, changed: true };
  });
}

/**
 * Fills free seats from the waitlist, first come first served, and tells each person
 * by email. Call inside the transaction that freed the seats (cohort already locked).
 */
export async function promoteFromWaitlist(
  trx: Transaction<Database>,
  input: { cohortId: string; appOrigin: string; actorId: string | null },
) {
  const cohort = await lockCohort(trx, input.cohortId);
  if (!cohort) return [];
  const free = cohort.capacity - (await countActiveParticipants(trx, input.cohortId));
  if (free <= 0) return [];

  const next = await trx
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select(['cohort_member.id', 'app_user.email', 'app_user.name', 'app_user.id as userId'])
    .where('cohort_member.cohort_id', '=', input.cohortId)
    .where('cohort_member.status', '=', 'waitlisted')
    .where('cohort_member.role', '=', 'participant')
    .orderBy('cohort_member.waitlisted_at')
    .orderBy('cohort_member.created_at')
    .limit(free)
    .execute();

  for (const person of next) {
    await trx
      .updateTable('cohort_member')
      .set({ status: 'active', joined_at: new Date(), waitlisted_at: null })
      .where('id', '=', person.id)
      .execute();
    const email = renderEmail({
      heading: `A seat opened up in ${cohort.name}`,
      paragraphs: [
        `Good news, ${person.name}: a seat opened up in ${cohort.name} and it is yours. You are now an active participant.`,
        'Open the cohort to see who is in it and what comes next.',
      ],
      action: { label: 'Open the cohort', url: `${input.appOrigin}/cohorts/${input.cohortId}` },
    });
    await enqueueNotificationEmail(trx, {
      organizationId: cohort.organizationId,
      kind: 'waitlist-promoted',
      to: person.email,
      recipientId: person.userId,
      appOrigin: input.appOrigin,
      subject: `You have a seat in ${cohort.name}`,
      text: email.text,
      html: email.html,
    });
    await recordAudit(trx, {
      organizationId: cohort.organizationId,
      actorId: input.actorId,
      action: 'member.promoted_from_waitlist',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: { memberId: person.id, userId: person.userId, name: person.name },
    });
  }
  if (next.length > 0) {
    await repairPartnerGroups(trx, {
      cohortId: input.cohortId,
      actorId: input.actorId,
      appOrigin: input.appOrigin,
    });
  }
  return next.map((person) => ({ memberId: person.id, name: person.name }));
}

/** A member of this cohort (never of another), with the name the messages use. */
async function findMember(db: Executor, input: { cohortId: string; memberId: string }) {
  return db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select([
      'cohort_member.id',
      'cohort_member.user_id as userId',
      'cohort_member.status',
      'cohort_member.role',
      'app_user.name',
    ])
    .where('cohort_member.id', '=', input.memberId)
    .where('cohort_member.cohort_id', '=', input.cohortId)
    .executeTakeFirst();
}

/**
 * Withdraws a member. Their work stays in the database; if they held a seat the first
 * person on the waitlist takes it.
 */
export async function withdrawMember(
  db: Executor,
  input: { cohortId: string; memberId: string; actorId: string; appOrigin: string },
) {
  return withTransaction(db, async (trx) => {
    const cohort = await lockCohort(trx, input.cohortId);
    if (!cohort) return { status: 'not-found' as const };
    const member = await findMember(trx, input);
    if (!member) return { status: 'not-found' as const };
    if (member.status === 'withdrawn')
      return { status: 'already-withdrawn' as const, name: member.name };
    if (
      member.role === 'facilitator' &&
      (await countRole(trx, input.cohortId, 'facilitator')) <= 1
    ) {
      return { status: 'last-facilitator' as const, name: member.name };
    }

    await trx
      .updateTable('cohort_member')
      .set({ status: 'withdrawn', withdrawn_at: new Date(), waitlisted_at: null })
      .where('id', '=', member.id)
      .execute();
    await recordAudit(trx, {
      organizationId: cohort.organizationId,
      actorId: input.actorId,
      action: 'member.withdrawn',
      targetType: 'cohort',
      targetId: input.cohortId,
      before: { status: member.status },
      after: { memberId: member.id, name: member.name, status: 'withdrawn' },
    });
    const promoted = await promoteFromWaitlist(trx, {
      cohortId: input.cohortId,
      appOrigin: input.appOrigin,
      actorId: input.actorId,
    });
    // the withdrawn person's partner is paired again and told
    await repairPartnerGroups(trx, {
      cohortId: input.cohortId,
      actorId: input.actorId,
      appOrigin: input.appOrigin,
    });
    return { status: 'withdrawn' as const, name: member.name, promoted };
  });
}

export async function countRole(db: Executor, cohortId: string, role: CohortRole) {
  const row = await db
    .selectFrom('cohort_member')
    .select(sql<string>`count(*)`.as('count'))
    .where('cohort_id', '=', cohortId)
    .where('role', '=', role)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Changes a member's role. Becoming a participant needs a free seat (an active member who
 * would exceed capacity is refused); leaving the participant role frees a seat for the
 * waitlist. The last facilitator keeps their role.
 */
export async function changeMemberRole(
  db: Executor,
  input: {
    cohortId: string;
    memberId: string;
    role: CohortRole;
    actorId: string;
    appOrigin: string;
  },
) {
  return withTransaction(db, async (trx) => {
    const cohort = await lockCohort(trx, input.cohortId);
    if (!cohort) return { status: 'not-found' as const };
    const member = await findMember(trx, input);
    if (!member) return { status: 'not-found' as const };
    if (member.role === input.role) return { status: 'unchanged' as const, name: member.name };
    if (
      member.role === 'facilitator' &&
      (await countRole(trx, input.cohortId, 'facilitator')) <= 1
    ) {
      return { status: 'last-facilitator' as const, name: member.name };
    }
    if (
      input.role === 'participant' &&
      member.status === 'active' &&
      (await countActiveParticipants(trx, input.cohortId)) >= cohort.capacity
    ) {
      return { status: 'no-seat' as const, name: member.name };
    }

    // staff never wait for a seat
    const status =
      member.status === 'waitlisted' && input.role !== 'participant' ? 'active' : member.status;
    await trx
      .updateTable('cohort_member')
      .set({
        role: input.role,
        status,
        ...(status !== member.status ? { joined_at: new Date(), waitlisted_at: null } : {}),
      })
      .where('id', '=', member.id)
      .execute();
    if (input.role === 'coach') {
      await trx
        .updateTable('cohort')
        .set({ coach_id: sql`coalesce(coach_id, ${member.userId}::uuid)` })
        .where('id', '=', input.cohortId)
        .execute();
    }
    await recordAudit(trx, {
      organizationId: cohort.organizationId,
      actorId: input.actorId,
      action: 'member.role_changed',
      targetType: 'cohort',
      targetId: input.cohortId,
      before: { role: member.role },
      after: { memberId: member.id, name: member.name, role: input.role },
    });
    const promoted =
      member.role === 'participant'
        ? await promoteFromWaitlist(trx, {
            cohortId: input.cohortId,
            appOrigin: input.appOrigin,
            actorId: input.actorId,
          })
        : [];
    if (member.role === 'participant' || input.role === 'participant') {
      await repairPartnerGroups(trx, {
        cohortId: input.cohortId,
        actorId: input.actorId,
        appOrigin: input.appOrigin,
      });
    }
    return { status: 'changed' as const, name: member.name, promoted };
  });
}

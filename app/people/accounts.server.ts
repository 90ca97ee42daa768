import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import {
  newResetToken,
  sendPasswordResetLink,
  storePasswordReset,
} from '../auth/password-reset.server';
import { endAuthSessions } from '../auth/session.server';
import { lockCohort, promoteFromWaitlist } from '../cohorts/enrolment.server';
import { repairPartnerGroups } from '../critique/partners.server';
import {
  checkRateLimit,
  INVITATIONS_PER_INVITER,
  recordRateLimitHit,
} from '../http/rate-limit.server';
import { enqueueEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';
import { isUuid } from '../utils/ids';

type Executor = Kysely<Database>;

/** how long the "set your password" link of an account invitation works */
export const ACCOUNT_INVITATION_TTL_DAYS = 14;

export interface AdminAction {
  organizationId: string;
  actorId: string;
  userId: string;
}

/** the person under the row lock, in the admin's organization only */
async function lockPerson(trx: Transaction<Database>, input: AdminAction) {
  if (!isUuid(input.userId)) return undefined;
  return trx
    .selectFrom('app_user')
    .select([
      'id',
      'name',
      'email',
      'organization_id as organizationId',
      'state_educator_id as stateEducatorId',
      'may_coach as mayCoach',
      'may_author as mayAuthor',
      'is_paraprofessional as isParaprofessional',
      sql<string | null>`to_char(member_since, 'YYYY-MM-DD')`.as('memberSince'),
      sql<string | null>`to_char(member_until, 'YYYY-MM-DD')`.as('memberUntil'),
      'deactivated_at as deactivatedAt',
      'deleted_at as deletedAt',
    ])
    .where('id', '=', input.userId)
    .where('organization_id', '=', input.organizationId)
    .forUpdate()
    .executeTakeFirst();
}

/** cohorts whose seats still matter: those not yet completed or archived */
const OPEN_COHORT_STATUSES = ['forming', 'assessing', 'learning', 'sharing'] as const;

/**
 * Gives up a person's participant seats (and waitlist places) in the organization's open
 * cohorts, so each waitlist moves up, and revokes open cohort invitations to their address
 * (an open invitation holds a seat). Memberships are withdrawn, never deleted: the history
 * stays. Staff memberships are left for the admin to reassign, so no cohort loses its
 * facilitator by surprise.
 */
async function releaseSeats(
  trx: Transaction<Database>,
  input: {
    organizationId: string;
    actorId: string;
    userId: string;
    email: string;
    appOrigin: string;
  },
) {
  const memberships = await trx
    .selectFrom('cohort_member')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .select(['cohort_member.id', 'cohort_member.status', 'cohort.id as cohortId', 'cohort.name'])
    .where('cohort_member.user_id', '=', input.userId)
    .where('cohort.organization_id', '=', input.organizationId)
    .where('cohort.status', 'in', OPEN_COHORT_STATUSES)
    .where('cohort_member.role', '=', 'participant')
    .where('cohort_member.status', 'in', ['active', 'waitlisted', 'invited'])
    // one order for every transaction that locks several cohorts
    .orderBy('cohort.id')
    .execute();
  const released: { cohortId: string; cohortName: string; promoted: string[] }[] = [];
  for (const membership of memberships) {
    await lockCohort(trx, membership.cohortId);
    await trx
      .updateTable('cohort_member')
      .set({ status: 'withdrawn', withdrawn_at: new Date(), waitlisted_at: null })
      .where('id', '=', membership.id)
      .execute();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'member.withdrawn',
      targetType: 'cohort',
      targetId: membership.cohortId,
      before: { status: membership.status },
      after: {
        memberId: membership.id,
        userId: input.userId,
        status: 'withdrawn',
        reason: 'account deactivated',
      },
    });
    const promoted = await promoteFromWaitlist(trx, {
      cohortId: membership.cohortId,
      appOrigin: input.appOrigin,
      actorId: input.actorId,
    });
    await repairPartnerGroups(trx, {
      cohortId: membership.cohortId,
      actorId: input.actorId,
      appOrigin: input.appOrigin,
    });
    released.push({
      cohortId: membership.cohortId,
      cohortName: membership.name,
      promoted: promoted.map((person) => person.name),
    });
  }
  await trx
    .updateTable('invitation')
    .set({ revoked_at: sql<Date>`now()` })
    .where(sql<string>`lower(email)`, '=', input.email.toLowerCase())
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('cohort_id', 'in', (eb) =>
      eb.selectFrom('cohort').select('id').where('organization_id', '=', input.organizationId),
    )
    .execute();
  return released;
}

export type DeactivateOutcome =
  | { status: 'not-found' }
  | { status: 'self' }
  | { status: 'deleted' }
  | { status: 'already'; name: string }
  | {
      status: 'deactivated';
      name: string;
      endedSessionIds: string[];
      released: Awaited<ReturnType<typeof releaseSeats>>;
    };

/**
 * Deactivates a person: sign-in refused from now on, every sign-in of theirs deleted (the
 * caller closes their sockets with the returned ids once this commits), unspent reset links
 * deleted, their seats released to the waitlists. Nothing they did is removed.
 */
export async function deactivatePerson(
  db: Executor,
  input: AdminAction & { appOrigin: string },
): Promise<DeactivateOutcome> {
  return withTransaction(db, async (trx) => {
    const person = await lockPerson(trx, input);
    if (!person) return { status: 'not-found' };
    if (person.id === input.actorId) return { status: 'self' };
    if (person.deletedAt) return { status: 'deleted' };
    if (person.deactivatedAt) return { status: 'already', name: person.name };
    await trx
      .updateTable('app_user')
      .set({ deactivated_at: sql<Date>`now()` })
      .where('id', '=', person.id)
      .execute();
    const ended = await endAccess(trx, { ...input, email: person.email });
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'person.deactivated',
      targetType: 'app_user',
      targetId: person.id,
      before: { deactivatedAt: null },
      after: {
        sessionsEnded: ended.endedSessionIds.length,
        seatsReleased: ended.released.map((seat) => seat.cohortId),
      },
    });
    return { status: 'deactivated', name: person.name, ...ended };
  });
}

async function endAccess(
  trx: Transaction<Database>,
  input: AdminAction & { appOrigin: string; email: string },
) {
  const released = await releaseSeats(trx, input);
  await trx
    .deleteFrom('password_reset')
    .where('user_id', '=', input.userId)
    .where('used_at', 'is', null)
    .execute();
  const endedSessionIds = await endAuthSessions(trx, { userId: input.userId });
  return { released, endedSessionIds };
}

/** Lets a deactivated person sign in again. Released seats are not given back. */
export async function reactivatePerson(db: Executor, input: AdminAction) {
  return withTransaction(db, async (trx) => {
    const person = await lockPerson(trx, input);
    if (!person) return { status: 'not-found' as const };
    if (person.deletedAt) return { status: 'deleted' as const };
    if (!person.deactivatedAt) return { status: 'already' as const, name: person.name };
    await trx
      .updateTable('app_user')
      .set({ deactivated_at: null })
      .where('id', '=', person.id)
      .execute();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'person.reactivated',
      targetType: 'app_user',
      targetId: person.id,
      before: { deactivatedAt: person.deactivatedAt },
      after: { deactivatedAt: null },
    });
    return { status: 'reactivated' as const, name: person.name };
  });
}

/** the name a deleted person's kept records are shown under, e.g. "Former participant 7f3a" */
export function placeholderName(userId: string) {
  return `Former participant ${userId.replace(/-/g, '').slice(0, 4)}`;
}

/** unique, and unroutable by definition (RFC 2606 reserves .invalid) */
export function placeholderEmail(userId: string) {
  return `deleted-${userId}@deleted.invalid`;
}

export type DeleteOutcome =
  | { status: 'not-found' }
  | { status: 'self' }
  | { status: 'deleted' }
  | { status: 'mismatch'; name: string }
  | { status: 'removed'; name: string; placeholder: string; endedSessionIds: string[] };

/**
 * Deletes a person's personal data on request (README, "Deleting a person"). The account
 * row stays, under a placeholder name and an unroutable address, because the hours ledger
 * and issued credentials are records the law requires and point at it. Sign-in is over for
 * good: no password, no address to reset, every sign-in and socket ended, seats released.
 */
export async function deletePerson(
  db: Executor,
  input: AdminAction & { appOrigin: string; confirmation: string },
): Promise<DeleteOutcome> {
  return withTransaction(db, async (trx) => {
    const person = await lockPerson(trx, input);
    if (!person) return { status: 'not-found' };
    if (person.id === input.actorId) return { status: 'self' };
    if (person.deletedAt) return { status: 'deleted' };
    if (input.confirmation.trim().toLowerCase() !== person.email.toLowerCase()) {
      return { status: 'mismatch', name: person.name };
    }
    const ended = await endAccess(trx, { ...input, email: person.email });
    const placeholder = placeholderName(person.id);
    const email = person.email.toLowerCase();
    await trx
      .updateTable('app_user')
      .set({
        name: placeholder,
        email: placeholderEmail(person.id),
        password_hash: null,
        is_org_admin: false,
        may_coach: false,
        may_author: false,
        last_seen_at: null,
        deactivated_at: sql<Date>`coalesce(deactivated_at, now())`,
        deleted_at: sql<Date>`now()`,
      })
      .where('id', '=', person.id)
      .execute();
    await trx.deleteFrom('password_reset').where('user_id', '=', person.id).execute();
    await trx.deleteFrom('notification').where('user_id', '=', person.id).execute();
    await trx
      .deleteFrom('sign_in_attempt')
      .where(sql<string>`lower(email)`, '=', email)
      .execute();
    await trx
      .deleteFrom('outbound_email')
      .where(sql<string>`lower(to_address)`, '=', email)
      .execute();
    await trx
      .updateTable('invitation')
      .set({ email: placeholderEmail(person.id), name: null, state_educator_id: null })
      .where(sql<string>`lower(email)`, '=', email)
      .execute();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'person.deleted',
      targetType: 'app_user',
      targetId: person.id,
      // the audit log keeps no personal data of the person either
      after: { name: placeholder, sessionsEnded: ended.endedSessionIds.length },
    });
    return {
      status: 'removed',
      name: person.name,
      placeholder,
      endedSessionIds: ended.endedSessionIds,
    };
  });
}

/** Sends a reset link to an active person; audited, since an admin chose to send it. */
export async function sendResetLinkFor(
  db: Executor,
  input: AdminAction & { appOrigin: string; requestedIp: string | null },
) {
  return withTransaction(db, async (trx) => {
    const person = await lockPerson(trx, input);
    if (!person) return { status: 'not-found' as const };
    if (person.deletedAt || person.deactivatedAt)
      return { status: 'inactive' as const, name: person.name };
    await sendPasswordResetLink(trx, {
      user: { id: person.id, organizationId: input.organizationId, email: person.email },
      appOrigin: input.appOrigin,
      requestedIp: input.requestedIp,
    });
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'person.reset_link_sent',
      targetType: 'app_user',
      targetId: person.id,
    });
    return { status: 'sent' as const, name: person.name, email: person.email };
  });
}

export interface PersonChanges {
  stateEducatorId?: string | null;
  mayCoach?: boolean;
  mayAuthor?: boolean;
  isParaprofessional?: boolean;
  /** yyyy-mm-dd; null clears */
  memberSince?: string | null;
  memberUntil?: string | null;
}

/**
 * Applies already-validated changes to a person's record and audits what changed (before
 * and after). Fields left out stay as they are; nothing is written when nothing changes.
 */
export async function updatePerson(
  db: Executor,
  input: AdminAction & { changes: PersonChanges; action: string },
) {
  return withTransaction(db, async (trx) => {
    const person = await lockPerson(trx, input);
    if (!person) return { status: 'not-found' as const };
    if (person.deletedAt) return { status: 'deleted' as const };
    const current: Required<PersonChanges> = {
      stateEducatorId: person.stateEducatorId,
      mayCoach: person.mayCoach,
      mayAuthor: person.mayAuthor,
      isParaprofessional: person.isParaprofessional,
      memberSince: person.memberSince,
      memberUntil: person.memberUntil,
    };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input.changes) as [keyof PersonChanges, unknown][]) {
      if (value === undefined || current[key] === value) continue;
      before[key] = current[key];
      after[key] = value;
    }
    if (Object.keys(after).length === 0) return { status: 'unchanged' as const, name: person.name };
    const next = { ...current, ...after } as Required<PersonChanges>;
    await trx
      .updateTable('app_user')
      .set({
        state_educator_id: next.stateEducatorId,
        may_coach: next.mayCoach,
        may_author: next.mayAuthor,
        is_paraprofessional: next.isParaprofessional,
        member_since: next.memberSince,
        member_until: next.memberUntil,
      })
      .where('id', '=', person.id)
      .execute();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: input.action,
      targetType: 'app_user',
      targetId: person.id,
      before,
      after,
    });
    return { status: 'updated' as const, name: person.name };
  });
}

export type InviteOutcome =
  | { status: 'invited'; userId: string }
  | { status: 'exists'; userId: string }
  | { status: 'taken' }
  | { status: 'rate-limited'; retryAfterSeconds: number };

/** the email a new account gets: who made it, and a link to choose a password */
function accountInvitationEmail(input: {
  organizationName: string;
  inviterName: string;
  name: string;
  link: string;
}) {
  return renderEmail({
    heading: `Your Cadre account at ${input.organizationName}`,
    paragraphs: [
      `Hello ${input.name}, ${input.inviterName} made you a Cadre account at ${input.organizationName}, where your professional-learning cohorts, hours and credentials live.`,
      `Choose a password with the link below to sign in. The link works once, for ${ACCOUNT_INVITATION_TTL_DAYS} days; after that, use “Forgot your password?” on the sign-in page.`,
    ],
    action: { label: 'Set your password', url: input.link },
  });
}

/**
 * Creates accounts for people new to the organization and emails each a link to set a
 * password (a reset link that lasts longer). Counts against the inviter's hourly
 * invitation allowance, shared with cohort invitations.
 */
export async function createAccounts(
  db: Executor,
  input: {
    organizationId: string;
    actorId: string;
    appOrigin: string;
    people: {
      name: string;
      email: string;
      stateEducatorId?: string | null;
      memberSince?: string | null;
      mayCoach?: boolean;
      mayAuthor?: boolean;
      isParaprofessional?: boolean;
    }[];
  },
) {
  return withTransaction(db, async (trx) => {
    const allowance = await checkRateLimit(
      trx,
      INVITATIONS_PER_INVITER,
      input.actorId,
      input.people.length,
    );
    if (!allowance.allowed) {
      return [{ status: 'rate-limited' as const, retryAfterSeconds: allowance.retryAfterSeconds }];
    }
    const context = await trx
      .selectFrom('organization')
      .select([
        'name',
        (eb) =>
          eb
            .selectFrom('app_user')
            .select('name')
            .where('id', '=', input.actorId)
            .as('inviterName'),
      ])
      .where('id', '=', input.organizationId)
      .executeTakeFirstOrThrow();
    const outcomes: InviteOutcome[] = [];
    for (const person of input.people) {
      const email = person.email.trim();
      const existing = await trx
        .selectFrom('app_user')
        .select(['id', 'organization_id as organizationId'])
        .where(sql<string>`lower(email)`, '=', email.toLowerCase())
        .executeTakeFirst();
      if (existing) {
        outcomes.push(
          existing.organizationId === input.organizationId
            ? { status: 'exists', userId: existing.id }
            : { status: 'taken' },
        );
        continue;
      }
      const user = await trx
        .insertInto('app_user')
        .values({
          id: randomUUID(),
          organization_id: input.organizationId,
          email,
          name: person.name,
          password_hash: null,
          state_educator_id: person.stateEducatorId ?? null,
          member_since: person.memberSince ?? null,
          may_coach: person.mayCoach ?? false,
          may_author: person.mayAuthor ?? false,
          is_paraprofessional: person.isParaprofessional ?? false,
        })
        // a twin request that inserted the same address first wins; this one reports it
        .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!user) {
        outcomes.push({ status: 'taken' });
        continue;
      }
      const token = newResetToken();
      await storePasswordReset(trx, {
        userId: user.id,
        token,
        expiresAt: new Date(Date.now() + ACCOUNT_INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000),
        requestedIp: null,
      });
      const message = accountInvitationEmail({
        organizationName: context.name,
        inviterName: context.inviterName ?? 'Your organization’s admin',
        name: person.name,
        link: `${input.appOrigin}/reset-password/${token}`,
      });
      await enqueueEmail(trx, {
        organizationId: input.organizationId,
        kind: 'account-invitation',
        to: email,
        subject: `Your Cadre account at ${context.name}`,
        text: message.text,
        html: message.html,
      });
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.actorId,
        action: 'person.invited',
        targetType: 'app_user',
        targetId: user.id,
        after: {
          stateEducatorId: person.stateEducatorId ?? null,
          memberSince: person.memberSince ?? null,
          mayCoach: person.mayCoach ?? false,
          mayAuthor: person.mayAuthor ?? false,
          isParaprofessional: person.isParaprofessional ?? false,
        },
      });
      outcomes.push({ status: 'invited', userId: user.id });
    }
    const invited = outcomes.filter((outcome) => outcome.status === 'invited').length;
    await recordRateLimitHit(trx, INVITATIONS_PER_INVITER, input.actorId, invited);
    return outcomes;
  });
}

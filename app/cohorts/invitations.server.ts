import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { CohortRole, Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { hashPassword } from '../auth/password.server';
import { enqueueEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';
import {
  checkRateLimit,
  INVITATIONS_PER_COHORT,
  INVITATIONS_PER_INVITER,
  recordRateLimitHit,
} from '../http/rate-limit.server';
import { isUuid } from '../utils/ids';
import { enrolMember, lockCohort } from './enrolment.server';
import type { RosterEntry } from './roster-import.server';
import { isUniqueViolation } from '../../db/errors';
import { formatLongDay } from '../utils/dates';

type Executor = Kysely<Database>;

/** how long an invitation link works */
export const INVITATION_TTL_DAYS = 14;

export function hashToken(token: string) {
  return createHash('sha256').update(token).digest('hex');
}

function newToken() {
  return randomBytes(32).toString('base64url');
}

function expiryFromNow() {
  return new Date(Date.now() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000);
}

const longDate = formatLongDay;

interface InvitationEmailContext {
  cohortName: string;
  programTitle: string;
  timezone: string;
  inviterName: string;
  organizationId: string;
}

async function sendInvitationEmail(
  db: Executor,
  input: InvitationEmailContext & {
    to: string;
    name: string | null;
    role: CohortRole;
    link: string;
    expiresAt: Date;
  },
) {
  const roleText =
    input.role === 'participant' ? 'as a participant' : `as the cohort's ${input.role}`;
  const email = renderEmail({
    heading: `You're invited to ${input.cohortName}`,
    paragraphs: [
      `${input.name ? `Hello ${input.name}, ` : 'Hello, '}${input.inviterName} invited you to join ${input.cohortName} ${roleText} on Cadre.`,
      `${input.programTitle} is a blended professional-learning program: a short pre-assessment, online modules chosen for the group, live coaching sessions, an action plan and a micro-credential.`,
      `The link below is yours alone and works once, until ${longDate(input.expiresAt, input.timezone)}. If it has expired, reply to your facilitator and ask for a new one.`,
    ],
    action: { label: 'Accept the invitation', url: input.link },
  });
  await enqueueEmail(db, {
    organizationId: input.organizationId,
    kind: 'invitation',
    to: input.to,
    subject: `Invitation: ${input.cohortName}`,
    text: email.text,
    html: email.html,
  });
}

async function emailContext(db: Executor, cohortId: string, inviterId: string) {
  return db
    .selectFrom('cohort')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .select([
      'cohort.name as cohortName',
      'program.title as programTitle',
      'cohort.timezone',
      'cohort.organization_id as organizationId',
      (eb) =>
        eb
          .selectFrom('app_user')
          .select('app_user.name')
          .where('app_user.id', '=', inviterId)
          .as('inviterName'),
    ])
    .where('cohort.id', '=', cohortId)
    .executeTakeFirstOrThrow()
    .then((row) => ({ ...row, inviterName: row.inviterName ?? 'Your facilitator' }));
}

export type InvitationAllowance =
  { allowed: true } | { allowed: false; remaining: number; retryAfterSeconds: number };

/** Whether `count` more invitation emails from this person fit this hour, in this cohort and overall. */
export async function checkInvitationAllowance(
  db: Executor,
  input: { cohortId: string; inviterId: string; count: number },
): Promise<InvitationAllowance> {
  const [perCohort, perInviter] = await Promise.all([
    checkRateLimit(db, INVITATIONS_PER_COHORT, `${input.inviterId}:${input.cohortId}`, input.count),
    checkRateLimit(db, INVITATIONS_PER_INVITER, input.inviterId, input.count),
  ]);
  if (perCohort.allowed && perInviter.allowed) return { allowed: true };
  const refusals = [perCohort, perInviter].filter((check) => !check.allowed);
  return {
    allowed: false,
    remaining: Math.min(perCohort.remaining, perInviter.remaining),
    retryAfterSeconds: Math.max(...refusals.map((check) => check.retryAfterSeconds)),
  };
}

async function recordInvitationsSent(
  db: Executor,
  input: { cohortId: string; inviterId: string; count: number },
) {
  await recordRateLimitHit(
    db,
    INVITATIONS_PER_COHORT,
    `${input.inviterId}:${input.cohortId}`,
    input.count,
  );
  await recordRateLimitHit(db, INVITATIONS_PER_INVITER, input.inviterId, input.count);
}

export type CreateInvitationsResult =
  | { status: 'sent'; created: number; skipped: number }
  | { status: 'rate-limited'; remaining: number; retryAfterSeconds: number };

/**
 * Creates one invitation per entry and queues its email, all in one transaction. Entries
 * that already have an open invitation are skipped (the unique index is the referee).
 * A list that would take the inviter past the hourly allowance sends nothing.
 */
export async function createInvitations(
  db: Executor,
  input: {
    cohortId: string;
    inviterId: string;
    role: CohortRole;
    entries: Pick<RosterEntry, 'email' | 'name' | 'stateEducatorId'>[];
    appOrigin: string;
  },
): Promise<CreateInvitationsResult> {
  return withTransaction(db, async (trx) => {
    const allowance = await checkInvitationAllowance(trx, {
      cohortId: input.cohortId,
      inviterId: input.inviterId,
      count: input.entries.length,
    });
    if (!allowance.allowed) {
      return {
        status: 'rate-limited',
        remaining: allowance.remaining,
        retryAfterSeconds: allowance.retryAfterSeconds,
      };
    }
    const context = await emailContext(trx, input.cohortId, input.inviterId);
    let created = 0;
    for (const entry of input.entries) {
      const token = newToken();
      const expiresAt = expiryFromNow();
      const inserted = await trx
        .insertInto('invitation')
        .values({
          cohort_id: input.cohortId,
          email: entry.email.trim(),
          name: entry.name,
          state_educator_id: entry.stateEducatorId,
          role: input.role,
          token_hash: hashToken(token),
          invited_by: input.inviterId,
          expires_at: expiresAt,
        })
        .onConflict((oc) =>
          oc
            .expression(sql`cohort_id, lower(email)`)
            .where('accepted_at', 'is', null)
            .where('revoked_at', 'is', null)
            .doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      if (!inserted) continue;
      created += 1;
      await sendInvitationEmail(trx, {
        ...context,
        to: entry.email.trim(),
        name: entry.name,
        role: input.role,
        link: `${input.appOrigin}/invitations/${token}`,
        expiresAt,
      });
    }
    if (created > 0) {
      await recordInvitationsSent(trx, {
        cohortId: input.cohortId,
        inviterId: input.inviterId,
        count: created,
      });
      await recordAudit(trx, {
        organizationId: context.organizationId,
        actorId: input.inviterId,
        action: 'invitation.sent',
        targetType: 'cohort',
        targetId: input.cohortId,
        after: { count: created, role: input.role },
      });
    }
    return { status: 'sent', created, skipped: input.entries.length - created };
  });
}

/** A fresh link (the old one stops working), a fresh expiry, and the email again. */
export async function resendInvitation(
  db: Executor,
  input: { cohortId: string; invitationId: string; actorId: string; appOrigin: string },
) {
  if (!isUuid(input.invitationId)) return { status: 'not-found' as const };
  return withTransaction(db, async (trx) => {
    const allowance = await checkInvitationAllowance(trx, {
      cohortId: input.cohortId,
      inviterId: input.actorId,
      count: 1,
    });
    if (!allowance.allowed) {
      return { status: 'rate-limited' as const, retryAfterSeconds: allowance.retryAfterSeconds };
    }
    const token = newToken();
    const expiresAt = expiryFromNow();
    const updated = await trx
      .updateTable('invitation')
      .set({
        token_hash: hashToken(token),
        expires_at: expiresAt,
        last_sent_at: new Date(),
        send_count: sql`send_count + 1`,
      })
      .where('id', '=', input.invitationId)
      .where('cohort_id', '=', input.cohortId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returning(['email', 'name', 'role'])
      .executeTakeFirst();
    if (!updated) return { status: 'not-found' as const };
    const context = await emailContext(trx, input.cohortId, input.actorId);
    await sendInvitationEmail(trx, {
      ...context,
      to: updated.email,
      name: updated.name,
      role: updated.role,
      link: `${input.appOrigin}/invitations/${token}`,
      expiresAt,
    });
    await recordInvitationsSent(trx, {
      cohortId: input.cohortId,
      inviterId: input.actorId,
      count: 1,
    });
    await recordAudit(trx, {
      organizationId: context.organizationId,
      actorId: input.actorId,
      action: 'invitation.resent',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: { email: updated.email },
    });
    return { status: 'resent' as const, email: updated.email };
  });
}

export async function revokeInvitation(
  db: Executor,
  input: { cohortId: string; invitationId: string; actorId: string },
) {
  if (!isUuid(input.invitationId)) return { status: 'not-found' as const };
  return withTransaction(db, async (trx) => {
    const revoked = await trx
      .updateTable('invitation')
      .set({ revoked_at: new Date() })
      .where('id', '=', input.invitationId)
      .where('cohort_id', '=', input.cohortId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .returning(['email'])
      .executeTakeFirst();
    if (!revoked) return { status: 'not-found' as const };
    const cohort = await trx
      .selectFrom('cohort')
      .select('organization_id')
      .where('id', '=', input.cohortId)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId: cohort.organization_id,
      actorId: input.actorId,
      action: 'invitation.revoked',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: { email: revoked.email },
    });
    return { status: 'revoked' as const, email: revoked.email };
  });
}

export type InvitationLookup =
  | { status: 'unknown' }
  | {
      status: 'valid' | 'expired' | 'revoked' | 'used';
      invitation: {
        id: string;
        email: string;
        name: string | null;
        role: CohortRole;
        expiresAt: Date;
        cohortId: string;
        cohortName: string;
        programTitle: string;
        organizationId: string;
        facilitatorName: string;
        facilitatorEmail: string;
        hasAccount: boolean;
      };
    };

/** What a link leads to, and whether it can still be used. */
export async function lookupInvitation(db: Executor, token: string): Promise<InvitationLookup> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: 'unknown' };
  const row = await db
    .selectFrom('invitation')
    .innerJoin('cohort', 'cohort.id', 'invitation.cohort_id')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .innerJoin('app_user as facilitator', 'facilitator.id', 'cohort.facilitator_id')
    .select([
      'invitation.id',
      'invitation.email',
      'invitation.name',
      'invitation.role',
      'invitation.expires_at as expiresAt',
      'invitation.accepted_at as acceptedAt',
      'invitation.revoked_at as revokedAt',
      'cohort.id as cohortId',
      'cohort.name as cohortName',
      'cohort.organization_id as organizationId',
      'program.title as programTitle',
      'facilitator.name as facilitatorName',
      'facilitator.email as facilitatorEmail',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('app_user')
              .select('app_user.id')
              .where(sql`lower(app_user.email)`, '=', sql`lower(invitation.email)`),
          )
          .as('hasAccount'),
    ])
    .where('invitation.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  const { acceptedAt, revokedAt, ...invitation } = row;
  const status = acceptedAt
    ? 'used'
    : revokedAt
      ? 'revoked'
      : new Date(invitation.expiresAt).getTime() <= Date.now()
        ? 'expired'
        : 'valid';
  return { status, invitation: { ...invitation, hasAccount: Boolean(invitation.hasAccount) } };
}

export type AcceptOutcome =
  | {
      status: 'joined';
      cohortId: string;
      memberStatus: 'active' | 'waitlisted' | 'completed' | 'invited' | 'withdrawn';
    }
  | { status: 'expired' | 'revoked' | 'used' | 'unknown' | 'wrong-account' };

/**
 * Uses an invitation for a signed-in person: the link is single-use (the row is locked,
 * then marked accepted) and the person takes a seat or a waitlist place. It admits the
 * address it was sent to and nobody else, whichever organization that account belongs
 * to: the facilitator chose that person (a link passed on to someone else does nothing).
 */
export async function acceptInvitation(
  db: Executor,
  input: { token: string; userId: string },
): Promise<AcceptOutcome> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(input.token)) return { status: 'unknown' };
  return withTransaction(db, async (trx) => {
    const invitation = await trx
      .selectFrom('invitation')
      .select([
        'id',
        'cohort_id',
        'role',
        'email',
        'created_at',
        'expires_at',
        'accepted_at',
        'revoked_at',
      ])
      .where('token_hash', '=', hashToken(input.token))
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) return { status: 'unknown' };
    if (invitation.accepted_at) return { status: 'used' };
    if (invitation.revoked_at) return { status: 'revoked' };
    if (new Date(invitation.expires_at).getTime() <= Date.now()) return { status: 'expired' };
    const person = await trx
      .selectFrom('app_user')
      .select('email')
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (person?.email.toLowerCase() !== invitation.email.toLowerCase()) {
      return { status: 'wrong-account' };
    }

    await trx
      .updateTable('invitation')
      .set({ accepted_at: new Date(), accepted_by: input.userId })
      .where('id', '=', invitation.id)
      .execute();
    const enrolment = await enrolMember(trx, {
      cohortId: invitation.cohort_id,
      userId: input.userId,
      role: invitation.role,
    });
    await trx
      .updateTable('cohort_member')
      .set({ invited_at: invitation.created_at })
      .where('id', '=', enrolment.memberId)
      .execute();
    const cohort = await lockCohort(trx, invitation.cohort_id);
    await recordAudit(trx, {
      organizationId: cohort?.organizationId ?? null,
      actorId: input.userId,
      action: enrolment.status === 'waitlisted' ? 'member.waitlisted' : 'member.joined',
      targetType: 'cohort',
      targetId: invitation.cohort_id,
      after: { email: invitation.email, status: enrolment.status, via: 'invitation' },
    });
    return { status: 'joined', cohortId: invitation.cohort_id, memberStatus: enrolment.status };
  });
}

export type RegisterOutcome =
  | { status: 'joined'; cohortId: string; userId: string; memberStatus: string }
  | { status: 'account-exists' }
  | { status: 'expired' | 'revoked' | 'used' | 'unknown' | 'wrong-account' };

/**
 * A newcomer's first visit: creates their account with the invited address, then accepts.
 * Everything happens in one transaction, so a failure leaves no half-made account.
 */
export async function registerWithInvitation(
  db: Executor,
  input: { token: string; name: string; password: string },
): Promise<RegisterOutcome> {
  const lookup = await lookupInvitation(db, input.token);
  if (lookup.status !== 'valid') return { status: lookup.status };
  if (lookup.invitation.hasAccount) return { status: 'account-exists' };
  const passwordHash = await hashPassword(input.password);
  try {
    return await withTransaction(db, async (trx) => {
      const user = await trx
        .insertInto('app_user')
        .values({
          organization_id: lookup.invitation.organizationId,
          email: lookup.invitation.email,
          name: input.name,
          password_hash: passwordHash,
          state_educator_id: await stateEducatorIdOf(trx, lookup.invitation.id),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const accepted = await acceptInvitation(trx, { token: input.token, userId: user.id });
      if (accepted.status !== 'joined') {
        // roll the new account back with the failed acceptance
        throw new InvitationRaceError(accepted.status);
      }
      return {
        status: 'joined' as const,
        cohortId: accepted.cohortId,
        userId: user.id,
        memberStatus: accepted.memberStatus,
      };
    });
  } catch (error) {
    if (error instanceof InvitationRaceError) return { status: error.outcome };
    if (isUniqueViolation(error)) return { status: 'account-exists' };
    throw error;
  }
}

class InvitationRaceError extends Error {
  constructor(readonly outcome: Exclude<AcceptOutcome['status'], 'joined'>) {
    super(`invitation could not be accepted: ${outcome}`);
  }
}

async function stateEducatorIdOf(db: Executor, invitationId: string) {
  const row = await db
    .selectFrom('invitation')
    .select('state_educator_id')
    .where('id', '=', invitationId)
    .executeTakeFirst();
  return row?.state_educator_id ?? null;
}

/** What the invitation preview needs to know about the cohort as it is now. */
export async function getInvitePlanContext(db: Executor, cohortId: string) {
  const [cohort, members, invitations] = await Promise.all([
    db
      .selectFrom('cohort')
      .select(['capacity'])
      .where('id', '=', cohortId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('cohort_member')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .select(['app_user.email', 'cohort_member.status', 'cohort_member.role'])
      .where('cohort_member.cohort_id', '=', cohortId)
      .execute(),
    db
      .selectFrom('invitation')
      .select(['email', 'role'])
      .where('cohort_id', '=', cohortId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute(),
  ]);
  const activeParticipants = members.filter(
    (member) => member.role === 'participant' && member.status === 'active',
  ).length;
  const openParticipantInvitations = invitations.filter(
    (invitation) => invitation.role === 'participant',
  ).length;
  return {
    capacity: cohort.capacity,
    seatsLeft: Math.max(0, cohort.capacity - activeParticipants - openParticipantInvitations),
    memberEmails: new Map(
      members.map((member) => [member.email.toLowerCase(), member.status as string]),
    ),
    openInvitationEmails: new Set(invitations.map((invitation) => invitation.email.toLowerCase())),
  };
}

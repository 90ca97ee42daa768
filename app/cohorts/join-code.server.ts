import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { enrolMember } from './enrolment.server';
import { isUniqueViolation } from '../../db/errors';

type Executor = Kysely<Database>;

export function normalizeJoinCode(code: string) {
  return code
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/** The cohort a join code opens, while the code is switched on and the cohort is still forming or assessing. */
export async function findCohortByJoinCode(db: Executor, code: string) {
  const normalized = normalizeJoinCode(code);
  if (normalized.length < 6 || normalized.length > 16) return null;
  const row = await db
    .selectFrom('cohort')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .innerJoin('app_user as facilitator', 'facilitator.id', 'cohort.facilitator_id')
    .innerJoin('organization', 'organization.id', 'cohort.organization_id')
    .select([
      'cohort.id',
      'cohort.name',
      'cohort.status',
      'cohort.organization_id as organizationId',
      'organization.name as organizationName',
      'program.title as programTitle',
      'facilitator.name as facilitatorName',
    ])
    .where('cohort.join_code', '=', normalized)
    .executeTakeFirst();
  if (!row) return null;
  return { ...row, open: row.status === 'forming' || row.status === 'assessing' };
}

/**
 * Self-enrolment by code: a participant seat if one is free, the waitlist otherwise. A code
 * is an open door for the cohort's own organization only; anyone else needs an invitation.
 */
export async function joinWithCode(db: Executor, input: { code: string; userId: string }) {
  const cohort = await findCohortByJoinCode(db, input.code);
  if (!cohort) return { status: 'unknown' as const };
  if (!cohort.open) return { status: 'closed' as const, cohortName: cohort.name };
  const person = await db
    .selectFrom('app_user')
    .select('organization_id as organizationId')
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (person?.organizationId !== cohort.organizationId) {
    return { status: 'other-organization' as const, cohortName: cohort.name };
  }
  return withTransaction(db, async (trx) => {
    const enrolment = await enrolMember(trx, {
      cohortId: cohort.id,
      userId: input.userId,
      role: 'participant',
    });
    if (enrolment.changed) {
      await recordAudit(trx, {
        organizationId: cohort.organizationId,
        actorId: input.userId,
        action: enrolment.status === 'waitlisted' ? 'member.waitlisted' : 'member.joined',
        targetType: 'cohort',
        targetId: cohort.id,
        after: { status: enrolment.status, via: 'join-code' },
      });
    }
    return { status: 'joined' as const, cohortId: cohort.id, memberStatus: enrolment.status };
  });
}

/** A newcomer with a join code: an account in the cohort's organization, then a seat or a waitlist place. */
export async function registerWithJoinCode(
  db: Executor,
  input: { code: string; name: string; email: string; passwordHash: string },
) {
  const cohort = await findCohortByJoinCode(db, input.code);
  if (!cohort) return { status: 'unknown' as const };
  if (!cohort.open) return { status: 'closed' as const, cohortName: cohort.name };
  try {
    return await withTransaction(db, async (trx) => {
      const user = await trx
        .insertInto('app_user')
        .values({
          organization_id: cohort.organizationId,
          email: input.email,
          name: input.name,
          password_hash: input.passwordHash,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const joined = await joinWithCode(trx, { code: input.code, userId: user.id });
      if (joined.status !== 'joined') throw new Error('the cohort closed while joining');
      return { ...joined, userId: user.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { status: 'account-exists' as const };
    throw error;
  }
}

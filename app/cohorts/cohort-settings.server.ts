import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { getPickablePerson } from '../people/people-search.server';
import { dateTimeFormat, isRealDay } from '../utils/dates';
import { countActiveParticipants, lockCohort, promoteFromWaitlist } from './enrolment.server';

type Executor = Kysely<Database>;

export const CAPACITY = { min: 2, max: 40, designedMin: 15, designedMax: 20, default: 20 } as const;

export function isTimeZone(value: string) {
  try {
    dateTimeFormat({ timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

const isoDate = z
  .string({ error: 'Choose a date.' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Choose a date.')
  .refine(isRealDay, 'Choose a real date.');

/** the cohort form's fields; the form itself also checks the dates' order */
export const CohortFields = z.object({
  programId: z.uuid({ error: 'Choose a program.' }),
  name: z
    .string({ error: 'Give the cohort a name.' })
    .trim()
    .min(1, 'Give the cohort a name.')
    .max(120, 'Keep the name under 120 characters.'),
  capacity: z
    .number({ error: 'Capacity must be a whole number.' })
    .int('Capacity must be a whole number.')
    .min(CAPACITY.min, `Capacity must be at least ${CAPACITY.min}.`)
    .max(CAPACITY.max, `Capacity can be at most ${CAPACITY.max}.`),
  startsOn: isoDate,
  endsOn: isoDate,
  timezone: z
    .string({ error: 'Choose a time zone.' })
    .refine(isTimeZone, 'Choose a time zone from the list, such as America/New_York.'),
  // an empty choice arrives as no value at all: no coach
  coachId: z
    .uuid({ error: 'Choose a coach from the list.' })
    .optional()
    .transform((value) => value ?? null),
});

export function endsOnOrAfterStart(value: { startsOn: string; endsOn: string }) {
  return value.endsOn >= value.startsOn;
}
export const ENDS_BEFORE_START = {
  path: ['endsOn'],
  message: 'The end date must be on or after the start date.',
};

export const CohortFormSchema = CohortFields.refine(endsOnOrAfterStart, ENDS_BEFORE_START);

export type CohortFormInput = z.infer<typeof CohortFormSchema>;
export type FieldErrors = Partial<Record<keyof CohortFormInput | 'form', string>>;

/** Org admins create cohorts, and so does anyone who already facilitates one in the organization. */
export async function canCreateCohorts(db: Executor, user: Pick<SessionUser, 'id' | 'isOrgAdmin'>) {
  if (user.isOrgAdmin) return true;
  const row = await facilitationsQuery(db, user.id).executeTakeFirst();
  return row !== undefined;
}

/** the cohorts a person facilitates now; any row makes them someone who may start one */
export function facilitationsQuery(db: Executor, userId: string) {
  return db
    .selectFrom('cohort_member')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', '=', 'facilitator')
    .where('status', '=', 'active');
}

/**
 * The programs a cohort form offers — published ones, and the cohort's own even once a newer
 * version retired it — and the organization's time zone; people are searched.
 */
export async function getCohortFormOptions(
  db: Executor,
  organizationId: string,
  currentProgramId: string | null = null,
) {
  const [programs, organization] = await Promise.all([
    db
      .selectFrom('program')
      .select(['id', 'title'])
      .where('organization_id', '=', organizationId)
      .where((eb) =>
        currentProgramId
          ? eb.or([eb('status', '=', 'published'), eb('id', '=', currentProgramId)])
          : eb('status', '=', 'published'),
      )
      .orderBy('title')
      .execute(),
    db
      .selectFrom('organization')
      .select('timezone')
      .where('id', '=', organizationId)
      .executeTakeFirstOrThrow(),
  ]);
  return { programs, defaultTimezone: organization.timezone };
}

async function checkReferences(
  db: Executor,
  organizationId: string,
  input: CohortFormInput,
  currentCoachId: string | null = null,
  currentProgramId: string | null = null,
) {
  const errors: FieldErrors = {};
  const program = await db
    .selectFrom('program')
    .select('status')
    .where('id', '=', input.programId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!program) errors.programId = 'Choose a program from the list.';
  // a draft is not ready to teach and a retired version has a newer one; a cohort keeps its own
  else if (program.status !== 'published' && input.programId !== currentProgramId) {
    errors.programId = 'That program is not published; choose a published program from the list.';
  }
  // the coach picker's own rule; a coach already on the cohort may stay when other settings change
  if (input.coachId && input.coachId !== currentCoachId) {
    const coach = await getPickablePerson(db, {
      organizationId,
      role: 'coach',
      personId: input.coachId,
    });
    if (!coach)
      errors.coachId = 'Choose a coach from the list: someone your organization marked as a coach.';
  }
  return errors;
}

async function ensureStaffMember(
  db: Executor,
  input: { cohortId: string; userId: string; role: 'facilitator' | 'coach' },
) {
  await db
    .insertInto('cohort_member')
    .values({
      cohort_id: input.cohortId,
      user_id: input.userId,
      role: input.role,
      status: 'active',
      joined_at: new Date(),
    })
    .onConflict((oc) =>
      oc.columns(['cohort_id', 'user_id']).doUpdateSet({
        role: input.role,
        status: 'active',
        waitlisted_at: null,
        withdrawn_at: null,
        joined_at: sql`coalesce(cohort_member.joined_at, now())`,
      }),
    )
    .execute();
}

export async function createCohort(
  db: Executor,
  input: { actor: Pick<SessionUser, 'id' | 'organizationId'>; values: CohortFormInput },
): Promise<{ status: 'created'; cohortId: string } | { status: 'invalid'; errors: FieldErrors }> {
  const errors = await checkReferences(db, input.actor.organizationId, input.values);
  if (Object.keys(errors).length > 0) return { status: 'invalid', errors };
  return withTransaction(db, async (trx) => {
    const cohort = await trx
      .insertInto('cohort')
      .values({
        organization_id: input.actor.organizationId,
        program_id: input.values.programId,
        name: input.values.name,
        facilitator_id: input.actor.id,
        coach_id: input.values.coachId,
        capacity: input.values.capacity,
        timezone: input.values.timezone,
        starts_on: input.values.startsOn,
        ends_on: input.values.endsOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ensureStaffMember(trx, {
      cohortId: cohort.id,
      userId: input.actor.id,
      role: 'facilitator',
    });
    if (input.values.coachId && input.values.coachId !== input.actor.id) {
      await ensureStaffMember(trx, {
        cohortId: cohort.id,
        userId: input.values.coachId,
        role: 'coach',
      });
    }
    await recordAudit(trx, {
      organizationId: input.actor.organizationId,
      actorId: input.actor.id,
      action: 'cohort.created',
      targetType: 'cohort',
      targetId: cohort.id,
      after: { ...input.values },
    });
    return { status: 'created' as const, cohortId: cohort.id };
  });
}

export async function getCohortSettings(db: Executor, cohortId: string) {
  const row = await db
    .selectFrom('cohort')
    .select([
      'id',
      'name',
      'program_id as programId',
      'capacity',
      'timezone',
      sql<string>`to_char(starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('endsOn'),
      'coach_id as coachId',
      'join_code as joinCode',
      'status',
    ])
    .where('id', '=', cohortId)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Saves the settings form. Capacity never drops below the active participants; raising
 * it hands the new seats to the waitlist. A new coach joins the cohort as its coach.
 */
export async function updateCohort(
  db: Executor,
  input: {
    cohortId: string;
    actor: Pick<SessionUser, 'id' | 'organizationId'>;
    values: CohortFormInput;
    appOrigin: string;
  },
): Promise<{ status: 'updated'; promoted: number } | { status: 'invalid'; errors: FieldErrors }> {
  return withTransaction(db, async (trx) => {
    const locked = await lockCohort(trx, input.cohortId);
    if (!locked)
      return { status: 'invalid' as const, errors: { form: 'This cohort no longer exists.' } };
    // the cohort's organization, not the editor's: an invited guest never brings their own in
    const current = await trx
      .selectFrom('cohort')
      .select(['coach_id', 'program_id'])
      .where('id', '=', input.cohortId)
      .executeTakeFirstOrThrow();
    const errors = await checkReferences(
      trx,
      locked.organizationId,
      input.values,
      current.coach_id,
      current.program_id,
    );
    if (Object.keys(errors).length > 0) return { status: 'invalid' as const, errors };
    const active = await countActiveParticipants(trx, input.cohortId);
    if (input.values.capacity < active) {
      return {
        status: 'invalid' as const,
        errors: {
          capacity: `${active} participants are active, so capacity cannot go below ${active}. Withdraw someone first if you need fewer seats.`,
        },
      };
    }
    const before = await getCohortSettings(trx, input.cohortId);
    await trx
      .updateTable('cohort')
      .set({
        program_id: input.values.programId,
        name: input.values.name,
        capacity: input.values.capacity,
        timezone: input.values.timezone,
        starts_on: input.values.startsOn,
        ends_on: input.values.endsOn,
        coach_id: input.values.coachId,
      })
      .where('id', '=', input.cohortId)
      .execute();
    if (input.values.coachId) {
      await ensureStaffMember(trx, {
        cohortId: input.cohortId,
        userId: input.values.coachId,
        role: 'coach',
      });
    }
    await recordAudit(trx, {
      organizationId: locked.organizationId,
      actorId: input.actor.id,
      action: 'cohort.updated',
      targetType: 'cohort',
      targetId: input.cohortId,
      before,
      after: { ...input.values },
    });
    const promoted = await promoteFromWaitlist(trx, {
      cohortId: input.cohortId,
      appOrigin: input.appOrigin,
      actorId: input.actor.id,
    });
    return { status: 'updated' as const, promoted: promoted.length };
  });
}

/** Short, unambiguous codes people can read aloud: no 0/O or 1/I/L. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function generateJoinCode() {
  const bytes = randomBytes(8);
  return Array.from(bytes, (byte) => CODE_ALPHABET[byte % CODE_ALPHABET.length]).join('');
}

export async function setJoinCode(
  db: Executor,
  input: { cohortId: string; enabled: boolean; actor: Pick<SessionUser, 'id' | 'organizationId'> },
) {
  const code = input.enabled ? generateJoinCode() : null;
  await withTransaction(db, async (trx) => {
    const cohort = await trx
      .updateTable('cohort')
      .set({ join_code: code })
      .where('id', '=', input.cohortId)
      .returning('organization_id as organizationId')
      .executeTakeFirst();
    await recordAudit(trx, {
      organizationId: cohort?.organizationId ?? input.actor.organizationId,
      actorId: input.actor.id,
      action: input.enabled ? 'cohort.join_code_created' : 'cohort.join_code_disabled',
      targetType: 'cohort',
      targetId: input.cohortId,
    });
  });
  return code;
}

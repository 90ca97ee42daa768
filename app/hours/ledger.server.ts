import { sql, type Kysely } from 'kysely';
import type { Database, HoursSource } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { notify } from '../notifications/notify.server';
import { isUuid } from '../utils/ids';

type Executor = Kysely<Database>;

/** cohort stages in which the learning is over, so completing the pathway earns the completion hours */
const COMPLETION_STAGES = ['sharing', 'completed', 'archived'] as const;

export const sourceLabels: Record<HoursSource, string> = {
  completion: 'Completing the cohort',
  'micro-credential': 'Earning a micro-credential',
  adjustment: 'Adjustment',
  reversal: 'Reversal',
};

/** Hours as a number with at most two decimals (numeric arrives as a string). */
export function toHours(value: string | number | null | undefined) {
  return Math.round(Number(value ?? 0) * 100) / 100;
}

export function formatHours(hours: number) {
  return `${Number.isInteger(hours) ? hours : hours.toFixed(2)} ${Math.abs(hours) === 1 ? 'hour' : 'hours'}`;
}

export interface CompletionFacts {
  memberId: string;
  userId: string;
  name: string;
  modulesAssigned: number;
  modulesCompleted: number;
  sessionsHeld: number;
  sessionsAttended: number;
  /** 100 when no coaching session has been held */
  attendancePercent: number;
  thresholdPercent: number;
  pathwayComplete: boolean;
  attendanceMet: boolean;
}

/**
 * What completing means, per participant: every pathway module assigned to them is complete
 * and they were present (an override wins over the computed value) at enough of the
 * coaching sessions held so far, measured against the program's attendance threshold.
 */
export async function getCompletionFacts(
  db: Executor,
  input: { cohortId: string; memberId?: string; now?: Date },
): Promise<CompletionFacts[]> {
  const now = input.now ?? new Date();
  let query = db
    .selectFrom('cohort_member')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select([
      'cohort_member.id as memberId',
      'cohort_member.user_id as userId',
      'app_user.name',
      'program.attendance_threshold_percent as thresholdPercent',
      sql<boolean>`exists (
        select 1 from pathway p where p.cohort_id = cohort.id and p.published_at is not null
      )`.as('published'),
      sql<string>`(
        select count(*) from pathway_module pm
        where pm.cohort_id = cohort.id
          and (pm.assign_to = 'everyone' or exists (
            select 1 from pathway_assignment pa
            where pa.pathway_module_id = pm.id and pa.member_id = cohort_member.id))
      )`.as('modulesAssigned'),
      sql<string>`(
        select count(*) from pathway_module pm
        join module_progress mp on mp.module_id = pm.module_id
          and mp.member_id = cohort_member.id and mp.status = 'completed'
        where pm.cohort_id = cohort.id
          and (pm.assign_to = 'everyone' or exists (
            select 1 from pathway_assignment pa
            where pa.pathway_module_id = pm.id and pa.member_id = cohort_member.id))
      )`.as('modulesCompleted'),
      sql<string>`(
        select count(*) from coaching_session cs
        where cs.cohort_id = cohort.id and cs.status = 'scheduled' and cs.starts_at <= ${now}
      )`.as('sessionsHeld'),
      sql<string>`(
        select count(*) from coaching_session cs
        join attendance a on a.coaching_session_id = cs.id and a.user_id = cohort_member.user_id
        where cs.cohort_id = cohort.id and cs.status = 'scheduled' and cs.starts_at <= ${now}
          and coalesce(a.override_present, a.present)
      )`.as('sessionsAttended'),
    ])
    .where('cohort_member.cohort_id', '=', input.cohortId)
    .where('cohort_member.role', '=', 'participant')
    .where('cohort_member.status', 'in', ['active', 'completed'])
    .orderBy('app_user.name');
  if (input.memberId) query = query.where('cohort_member.id', '=', input.memberId);
  const rows = await query.execute();
  return rows.map((row) => {
    const modulesAssigned = Number(row.modulesAssigned);
    const modulesCompleted = Number(row.modulesCompleted);
    const sessionsHeld = Number(row.sessionsHeld);
    const sessionsAttended = Number(row.sessionsAttended);
    const attendancePercent =
      sessionsHeld === 0 ? 100 : Math.floor((sessionsAttended / sessionsHeld) * 100);
    return {
      memberId: row.memberId,
      userId: row.userId,
      name: row.name,
      modulesAssigned,
      modulesCompleted,
      sessionsHeld,
      sessionsAttended,
      attendancePercent,
      thresholdPercent: row.thresholdPercent,
      pathwayComplete: row.published === true && modulesCompleted >= modulesAssigned,
      attendanceMet: attendancePercent >= row.thresholdPercent,
    };
  });
}

/**
 * Adds the completion hours, once, for each participant of the cohort (or just `memberId`)
 * who has met the completion rule, once the cohort's learning is over. Safe to call again
 * and again: a unique index makes a repeat add nothing. Returns the people newly awarded.
 */
export async function recordCohortCompletion(
  db: Executor,
  input: {
    cohortId: string;
    memberId?: string;
    actorId?: string | null;
    now?: Date;
    /** when the hours were earned, if not now (a cohort recorded after the fact) */
    awardedAt?: Date;
  },
): Promise<{ awardedUserIds: string[] }> {
  if (!isUuid(input.cohortId)) return { awardedUserIds: [] };
  return withTransaction(db, async (trx) => {
    const cohort = await trx
      .selectFrom('cohort')
      .innerJoin('program', 'program.id', 'cohort.program_id')
      .select([
        'cohort.id',
        'cohort.name',
        'cohort.status',
        'cohort.organization_id as organizationId',
        'program.title as programTitle',
        'program.hours_for_completing as hours',
      ])
      .where('cohort.id', '=', input.cohortId)
      .executeTakeFirst();
    if (!cohort) return { awardedUserIds: [] };
    const hours = toHours(cohort.hours);
    if (!(COMPLETION_STAGES as readonly string[]).includes(cohort.status) || hours <= 0) {
      return { awardedUserIds: [] };
    }
    const facts = await getCompletionFacts(trx, input);
    const eligible = facts.filter((fact) => fact.pathwayComplete && fact.attendanceMet);
    if (eligible.length === 0) return { awardedUserIds: [] };
    const inserted = await trx
      .insertInto('hours_entry')
      .values(
        eligible.map((fact) => ({
          organization_id: cohort.organizationId,
          user_id: fact.userId,
          cohort_id: cohort.id,
          source: 'completion' as const,
          hours,
          reason: `Completed ${cohort.programTitle} (${cohort.name}): pathway finished, attended ${fact.sessionsAttended} of ${fact.sessionsHeld} coaching sessions`,
          created_by: input.actorId ?? null,
          ...(input.awardedAt ? { awarded_at: input.awardedAt } : {}),
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['user_id', 'cohort_id'])
          .where('source', '=', sql.lit('completion'))
          .doNothing(),
      )
      .returning(['user_id as userId'])
      .execute();
    await notify(
      trx,
      inserted.map((row) => ({
        userId: row.userId,
        cohortId: cohort.id,
        kind: 'hours.awarded',
        title: `${formatHours(hours)} recorded for completing ${cohort.name}`,
        href: '/me/transcript',
      })),
    );
    return { awardedUserIds: inserted.map((row) => row.userId) };
  });
}

/**
 * Adds the hours for an earned micro-credential, once per person and micro-credential.
 * Returns the new entry's id, or null when it was already there.
 */
export async function recordEarningHours(
  db: Executor,
  input: {
    organizationId: string;
    userId: string;
    cohortId: string;
    microCredentialId: string;
    submissionId: string;
    hours: number;
    reason: string;
    actorId: string | null;
    /** when it was earned: the day the hours count from */
    earnedAt: Date;
  },
): Promise<string | null> {
  if (input.hours <= 0) return null;
  const row = await db
    .insertInto('hours_entry')
    .values({
      organization_id: input.organizationId,
      user_id: input.userId,
      cohort_id: input.cohortId,
      source: 'micro-credential',
      hours: input.hours,
      reason: input.reason,
      micro_credential_id: input.microCredentialId,
      submission_id: input.submissionId,
      awarded_at: input.earnedAt,
      created_by: input.actorId,
    })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'micro_credential_id'])
        .where('source', '=', sql.lit('micro-credential'))
        .doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface Actor {
  id: string;
  organizationId: string;
}

export type LedgerOutcome =
  { status: 'saved'; entryId: string; name: string } | { status: 'invalid'; message: string };

async function findParticipant(db: Executor, input: { cohortId: string; userId: string }) {
  if (!isUuid(input.userId)) return undefined;
  return db
    .selectFrom('cohort_member')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select(['app_user.id', 'app_user.name', 'cohort.organization_id as organizationId'])
    .where('cohort_member.cohort_id', '=', input.cohortId)
    .where('cohort_member.user_id', '=', input.userId)
    .where('cohort_member.role', '=', 'participant')
    .executeTakeFirst();
}

/** A facilitator's correction up or down, always with a reason; audited. */
export async function addAdjustment(
  db: Executor,
  input: { cohortId: string; userId: string; hours: number; reason: string; actor: Actor },
): Promise<LedgerOutcome> {
  return withTransaction(db, async (trx) => {
    const person = await findParticipant(trx, input);
    if (!person) return { status: 'invalid', message: 'Choose a participant of this cohort.' };
    const entry = await trx
      .insertInto('hours_entry')
      .values({
        organization_id: person.organizationId,
        user_id: person.id,
        cohort_id: input.cohortId,
        source: 'adjustment',
        hours: input.hours,
        reason: input.reason,
        created_by: input.actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId: person.organizationId,
      actorId: input.actor.id,
      action: 'hours.adjusted',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: { entryId: entry.id, userId: person.id, hours: input.hours, reason: input.reason },
    });
    await notify(trx, {
      userId: person.id,
      cohortId: input.cohortId,
      kind: 'hours.adjusted',
      title: `${input.hours > 0 ? 'Added' : 'Removed'} ${formatHours(Math.abs(input.hours))}: ${input.reason}`,
      href: '/me/transcript',
    });
    return { status: 'saved', entryId: entry.id, name: person.name };
  });
}

/**
 * Cancels an entry with an equal and opposite one. An entry can be reversed once, and a
 * reversal itself cannot be reversed (add an adjustment instead).
 */
export async function reverseEntry(
  db: Executor,
  input: { cohortId: string; entryId: string; reason: string; actor: Actor },
): Promise<LedgerOutcome> {
  if (!isUuid(input.entryId)) return { status: 'invalid', message: 'That entry does not exist.' };
  return withTransaction(db, async (trx) => {
    const entry = await trx
      .selectFrom('hours_entry')
      .innerJoin('app_user', 'app_user.id', 'hours_entry.user_id')
      .select([
        'hours_entry.id',
        'hours_entry.user_id as userId',
        'hours_entry.organization_id as organizationId',
        'hours_entry.source',
        'hours_entry.hours',
        'hours_entry.reason',
        'app_user.name',
        sql<boolean>`exists (
          select 1 from hours_entry r where r.reverses_entry_id = hours_entry.id
        )`.as('reversed'),
      ])
      .where('hours_entry.id', '=', input.entryId)
      .where('hours_entry.cohort_id', '=', input.cohortId)
      // no row lock: locking needs UPDATE rights the app's role lacks on the ledger, and the
      // unique reverses_entry_id below already lets only one of two racing reversals in
      .executeTakeFirst();
    if (!entry) return { status: 'invalid', message: 'That entry does not exist in this cohort.' };
    if (entry.source === 'reversal') {
      return {
        status: 'invalid',
        message: 'A reversal cannot be reversed. Add an adjustment instead.',
      };
    }
    if (entry.reversed) return { status: 'invalid', message: 'That entry is already reversed.' };
    const hours = -toHours(entry.hours);
    const reversal = await trx
      .insertInto('hours_entry')
      .values({
        organization_id: entry.organizationId,
        user_id: entry.userId,
        cohort_id: input.cohortId,
        source: 'reversal',
        hours,
        reason: input.reason,
        reverses_entry_id: entry.id,
        created_by: input.actor.id,
      })
      .onConflict((oc) => oc.column('reverses_entry_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!reversal) return { status: 'invalid', message: 'That entry is already reversed.' };
    await recordAudit(trx, {
      organizationId: entry.organizationId,
      actorId: input.actor.id,
      action: 'hours.reversed',
      targetType: 'cohort',
      targetId: input.cohortId,
      before: { entryId: entry.id, hours: toHours(entry.hours), reason: entry.reason },
      after: { entryId: reversal.id, hours, reason: input.reason },
    });
    await notify(trx, {
      userId: entry.userId,
      cohortId: input.cohortId,
      kind: 'hours.reversed',
      title: `${formatHours(Math.abs(hours))} ${hours < 0 ? 'taken back' : 'restored'}: ${input.reason}`,
      href: '/me/transcript',
    });
    return { status: 'saved', entryId: reversal.id, name: entry.name };
  });
}

/** The cohort's ledger, newest first, with who made each entry and what reversed it. */
export async function getCohortLedger(db: Executor, cohortId: string) {
  const rows = await db
    .selectFrom('hours_entry')
    .innerJoin('app_user as person', 'person.id', 'hours_entry.user_id')
    .leftJoin('app_user as author', 'author.id', 'hours_entry.created_by')
    .leftJoin('hours_entry as reversal', 'reversal.reverses_entry_id', 'hours_entry.id')
    .select([
      'hours_entry.id',
      'hours_entry.user_id as userId',
      'person.name',
      'hours_entry.source',
      'hours_entry.hours',
      'hours_entry.reason',
      'hours_entry.awarded_at as awardedAt',
      'hours_entry.reverses_entry_id as reversesEntryId',
      'author.name as authorName',
      'reversal.id as reversedBy',
    ])
    .where('hours_entry.cohort_id', '=', cohortId)
    .orderBy('hours_entry.awarded_at', 'desc')
    .orderBy('hours_entry.id')
    .execute();
  return rows.map((row) => ({
    ...row,
    hours: toHours(row.hours),
    awardedAt: new Date(row.awardedAt).toISOString(),
  }));
}

/** Net hours per participant of a cohort, everyone listed even at zero. */
export async function getCohortTotals(db: Executor, cohortId: string) {
  const rows = await db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select([
      'app_user.id as userId',
      'app_user.name',
      'app_user.state_educator_id as stateEducatorId',
      sql<string>`coalesce((
        select sum(h.hours) from hours_entry h
        where h.cohort_id = cohort_member.cohort_id and h.user_id = cohort_member.user_id
      ), 0)`.as('total'),
    ])
    .where('cohort_member.cohort_id', '=', cohortId)
    .where('cohort_member.role', '=', 'participant')
    .where('cohort_member.status', 'in', ['active', 'completed', 'withdrawn'])
    .orderBy('app_user.name')
    .execute();
  return rows.map((row) => ({ ...row, total: toHours(row.total) }));
}

/** The net hours one person holds in one cohort. */
export async function getNetHours(db: Executor, input: { userId: string; cohortId: string }) {
  const row = await db
    .selectFrom('hours_entry')
    .select(sql<string>`coalesce(sum(hours), 0)`.as('total'))
    .where('user_id', '=', input.userId)
    .where('cohort_id', '=', input.cohortId)
    .executeTakeFirstOrThrow();
  return toHours(row.total);
}

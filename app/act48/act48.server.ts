import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database, HoursSource } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { toHours } from '../hours/ledger.server';
import { promiseDue } from './promise';
import { CHAPTER_14_HOURS_PER_YEAR, schoolYearOf } from '../hours/school-year';

type Executor = Kysely<Database>;

// ---------------------------------------------------------------------------------------
// cohort settings

export async function getCohortAct48Setting(db: Executor, cohortId: string) {
  const row = await db
    .selectFrom('cohort_act48_setting')
    .select(['evaluation_required as evaluationRequired', 'perms_activity_id as permsActivityId'])
    .where('cohort_id', '=', cohortId)
    .executeTakeFirst();
  return row ?? { evaluationRequired: false, permsActivityId: null };
}

export async function saveCohortAct48Setting(
  db: Executor,
  input: {
    cohortId: string;
    organizationId: string;
    actorId: string;
    evaluationRequired: boolean;
    permsActivityId: string | null;
  },
) {
  await withTransaction(db, async (trx) => {
    const before = await getCohortAct48Setting(trx, input.cohortId);
    await trx
      .insertInto('cohort_act48_setting')
      .values({
        cohort_id: input.cohortId,
        evaluation_required: input.evaluationRequired,
        perms_activity_id: input.permsActivityId,
        updated_by: input.actorId,
      })
      .onConflict((oc) =>
        oc.column('cohort_id').doUpdateSet({
          evaluation_required: input.evaluationRequired,
          perms_activity_id: input.permsActivityId,
          updated_by: input.actorId,
          updated_at: sql<Date>`now()`,
        }),
      )
      .execute();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'cohort.act48_settings_changed',
      targetType: 'cohort',
      targetId: input.cohortId,
      before,
      after: {
        evaluationRequired: input.evaluationRequired,
        permsActivityId: input.permsActivityId,
      },
    });
  });
}

// ---------------------------------------------------------------------------------------
// people PERMS cannot credit

/**
 * Participants (active or completed) who have no PPID and are not paraprofessionals: their
 * Act 48 hours cannot go to PERMS until one is recorded. Of one cohort, or of every cohort
 * of an organization (then with the cohorts they are in).
 */
export async function getPeopleWithoutPpid(
  db: Executor,
  scope: { cohortId: string } | { organizationId: string },
) {
  let query = db
    .selectFrom('app_user')
    .select((eb) => [
      'app_user.id as userId',
      'app_user.name',
      'app_user.email',
      jsonArrayFrom(
        eb
          .selectFrom('cohort_member')
          .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
          .select(['cohort.id', 'cohort.name'])
          .whereRef('cohort_member.user_id', '=', 'app_user.id')
          .where('cohort_member.role', '=', 'participant')
          .where('cohort_member.status', 'in', ['active', 'completed'])
          .orderBy('cohort.starts_on', 'desc'),
      ).as('cohorts'),
    ])
    .where('app_user.state_educator_id', 'is', null)
    .where('app_user.is_paraprofessional', '=', false)
    .where('app_user.deleted_at', 'is', null)
    .orderBy('app_user.name')
    .orderBy('app_user.id');
  query =
    'cohortId' in scope
      ? query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('cohort_member')
              .select(sql`1`.as('one'))
              .whereRef('cohort_member.user_id', '=', 'app_user.id')
              .where('cohort_member.cohort_id', '=', scope.cohortId)
              .where('cohort_member.role', '=', 'participant')
              .where('cohort_member.status', 'in', ['active', 'completed']),
          ),
        )
      : query.where('app_user.organization_id', '=', scope.organizationId).where((eb) =>
          eb.exists(
            eb
              .selectFrom('cohort_member')
              .select(sql`1`.as('one'))
              .whereRef('cohort_member.user_id', '=', 'app_user.id')
              .where('cohort_member.role', '=', 'participant')
              .where('cohort_member.status', 'in', ['active', 'completed']),
          ),
        );
  return query.execute();
}

// ---------------------------------------------------------------------------------------
// the state of each ledger entry: held for an evaluation, released, sent to PERMS

/** true while the cohort asks for an evaluation this person has not given and it is unsent */
export const heldSql = sql<boolean>`(
  exists (select 1 from cohort_act48_setting s
    where s.cohort_id = hours_entry.cohort_id and s.evaluation_required)
  and not exists (select 1 from program_evaluation e
    where e.cohort_id = hours_entry.cohort_id and e.user_id = hours_entry.user_id)
  and not exists (select 1 from perms_batch_entry pbe where pbe.hours_entry_id = hours_entry.id)
)`;

export type EntryState = 'held' | 'released' | 'sent';

export function entryState(row: { held: boolean; sentAt: unknown }): EntryState {
  if (row.sentAt) return 'sent';
  return row.held ? 'held' : 'released';
}

export const entryStateLabels: Record<EntryState, string> = {
  held: 'Held for evaluation',
  released: 'Released',
  sent: 'Sent to PERMS',
};

// ---------------------------------------------------------------------------------------
// how the hours were counted

export interface HoursBreakdownEntry {
  id: string;
  source: HoursSource;
  hours: number;
  reason: string;
  awardedAt: string;
  state: EntryState;
  sentAt: string | null;
  reversesEntryId: string | null;
  microCredential: {
    code: string;
    title: string;
    ruleHours: number;
    earnedAt: string | null;
  } | null;
}

/**
 * One person's hours in one cohort, entry by entry, with what each is made of: the coaching
 * sessions behind a completion (scheduled minutes and the minutes credited inside that
 * window, so time before the start, after the end or away in between is not counted), or
 * the micro-credential behind an earning, with the program's rules.
 */
export async function getHoursBreakdown(db: Executor, input: { cohortId: string; userId: string }) {
  const [person, rules, entries, sessions] = await Promise.all([
    db
      .selectFrom('cohort_member')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .select([
        'app_user.id',
        'app_user.name',
        'app_user.state_educator_id as stateEducatorId',
        'app_user.is_paraprofessional as isParaprofessional',
      ])
      .where('cohort_member.cohort_id', '=', input.cohortId)
      .where('cohort_member.user_id', '=', input.userId)
      .where('cohort_member.role', '=', 'participant')
      .executeTakeFirst(),
    db
      .selectFrom('cohort')
      .innerJoin('program', 'program.id', 'cohort.program_id')
      .select([
        'program.title',
        'program.hours_for_completing as hoursForCompleting',
        'program.hours_for_attaining as hoursForAttaining',
        'program.attendance_threshold_percent as thresholdPercent',
      ])
      .where('cohort.id', '=', input.cohortId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('hours_entry')
      .leftJoin('micro_credential', 'micro_credential.id', 'hours_entry.micro_credential_id')
      .leftJoin('submission', 'submission.id', 'hours_entry.submission_id')
      .leftJoin('perms_batch_entry', 'perms_batch_entry.hours_entry_id', 'hours_entry.id')
      .leftJoin('perms_batch', 'perms_batch.id', 'perms_batch_entry.batch_id')
      .select([
        'hours_entry.id',
        'hours_entry.source',
        'hours_entry.hours',
        'hours_entry.reason',
        'hours_entry.awarded_at as awardedAt',
        'hours_entry.reverses_entry_id as reversesEntryId',
        'micro_credential.code as mcCode',
        'micro_credential.title as mcTitle',
        'micro_credential.hours as mcHours',
        'submission.earned_at as earnedAt',
        'perms_batch.sent_at as sentAt',
        heldSql.as('held'),
      ])
      .where('hours_entry.cohort_id', '=', input.cohortId)
      .where('hours_entry.user_id', '=', input.userId)
      .orderBy('hours_entry.awarded_at')
      .orderBy('hours_entry.id')
      .execute(),
    db
      .selectFrom('coaching_session')
      .leftJoin('attendance', (join) =>
        join
          .onRef('attendance.coaching_session_id', '=', 'coaching_session.id')
          .on('attendance.user_id', '=', input.userId),
      )
      .select([
        'coaching_session.id',
        'coaching_session.title',
        'coaching_session.starts_at as startsAt',
        'coaching_session.minutes as scheduledMinutes',
        'attendance.minutes_credited as minutesCredited',
        sql<boolean>`coalesce(attendance.override_present, attendance.present, false)`.as(
          'present',
        ),
        'attendance.override_reason as overrideReason',
      ])
      .where('coaching_session.cohort_id', '=', input.cohortId)
      .where('coaching_session.status', '=', 'scheduled')
      .where('coaching_session.starts_at', '<=', new Date())
      .orderBy('coaching_session.starts_at')
      .execute(),
  ]);
  if (!person) return null;
  const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);
  return {
    person,
    rules: {
      program: rules.title,
      hoursForCompleting: toHours(rules.hoursForCompleting),
      hoursForAttaining: toHours(rules.hoursForAttaining),
      thresholdPercent: rules.thresholdPercent,
    },
    sessions: sessions.map((session) => ({
      ...session,
      startsAt: new Date(session.startsAt).toISOString(),
      minutesCredited: session.minutesCredited ?? 0,
    })),
    entries: entries.map((entry): HoursBreakdownEntry => ({
      id: entry.id,
      source: entry.source,
      hours: toHours(entry.hours),
      reason: entry.reason,
      awardedAt: new Date(entry.awardedAt).toISOString(),
      state: entryState(entry),
      sentAt: iso(entry.sentAt),
      reversesEntryId: entry.reversesEntryId,
      microCredential:
        entry.mcCode && entry.mcTitle
          ? {
              code: entry.mcCode,
              title: entry.mcTitle,
              ruleHours: toHours(entry.mcHours),
              earnedAt: iso(entry.earnedAt),
            }
          : null,
    })),
  };
}

// ---------------------------------------------------------------------------------------
// the 30-day promise

/**
 * Completions and earned micro-credentials whose hours are not yet issued, with the day they
 * are due (30 days from the confirmation, on the organization's calendar), overdue first.
 * Issued means sent to PERMS for Act 48 hours, and released (no evaluation outstanding) for
 * a paraprofessional's Chapter 14 hours.
 */
export async function getPromiseQueue(
  db: Executor,
  input: { organizationId: string; timeZone: string; now?: Date },
) {
  const now = input.now ?? new Date();
  const rows = await db
    .selectFrom('hours_entry')
    .innerJoin('app_user', 'app_user.id', 'hours_entry.user_id')
    .innerJoin('cohort', 'cohort.id', 'hours_entry.cohort_id')
    .leftJoin('submission', 'submission.id', 'hours_entry.submission_id')
    .leftJoin('cohort_act48_setting', 'cohort_act48_setting.cohort_id', 'cohort.id')
    .select([
      'hours_entry.id',
      'hours_entry.source',
      'hours_entry.hours',
      'hours_entry.user_id as userId',
      'hours_entry.cohort_id as cohortId',
      'app_user.name',
      'app_user.state_educator_id as stateEducatorId',
      'app_user.is_paraprofessional as isParaprofessional',
      'cohort.name as cohortName',
      'cohort_act48_setting.perms_activity_id as activityId',
      sql<Date>`coalesce(submission.earned_at, hours_entry.awarded_at)`.as('confirmedAt'),
      heldSql.as('held'),
    ])
    .where('hours_entry.organization_id', '=', input.organizationId)
    .where('hours_entry.source', 'in', ['completion', 'micro-credential'])
    .where(
      sql<boolean>`not exists (select 1 from hours_entry r where r.reverses_entry_id = hours_entry.id)`,
    )
    .where(
      sql<boolean>`not exists (select 1 from perms_batch_entry b where b.hours_entry_id = hours_entry.id)`,
    )
    .where((eb) => eb.or([eb('app_user.is_paraprofessional', '=', false), heldSql]))
    .orderBy(sql`coalesce(submission.earned_at, hours_entry.awarded_at)`)
    .orderBy('hours_entry.id')
    .limit(500)
    .execute();
  return rows.map((row) => {
    const due = promiseDue(new Date(row.confirmedAt), now, input.timeZone);
    const waitingFor = row.held
      ? 'the program evaluation'
      : row.isParaprofessional
        ? null
        : !row.stateEducatorId
          ? 'a PPID'
          : !row.activityId
            ? 'the cohort’s PERMS activity id'
            : 'the next PERMS upload';
    return {
      id: row.id,
      source: row.source,
      hours: toHours(row.hours),
      userId: row.userId,
      cohortId: row.cohortId,
      name: row.name,
      cohortName: row.cohortName,
      chapter14: row.isParaprofessional,
      confirmedAt: new Date(row.confirmedAt).toISOString(),
      waitingFor,
      ...due,
    };
  });
}

// ---------------------------------------------------------------------------------------
// Chapter 14

/**
 * Each paraprofessional's released hours per school year (July to June, on the
 * organization's calendar) against the 20 Chapter 14 asks for, newest year first.
 */
export async function getChapter14Totals(
  db: Executor,
  input: { organizationId: string; timeZone: string },
) {
  const rows = await db
    .selectFrom('app_user')
    .select((eb) => [
      'app_user.id as userId',
      'app_user.name',
      jsonArrayFrom(
        eb
          .selectFrom('hours_entry')
          .select(['hours_entry.hours', 'hours_entry.awarded_at as awardedAt', heldSql.as('held')])
          .whereRef('hours_entry.user_id', '=', 'app_user.id'),
      ).as('entries'),
    ])
    .where('app_user.organization_id', '=', input.organizationId)
    .where('app_user.is_paraprofessional', '=', true)
    .where('app_user.deleted_at', 'is', null)
    .orderBy('app_user.name')
    .execute();
  return rows.map((row) => {
    const years = new Map<number, { label: string; hours: number; held: number }>();
    for (const entry of row.entries) {
      const year = schoolYearOf(new Date(entry.awardedAt), input.timeZone);
      const total = years.get(year.startYear) ?? { label: year.label, hours: 0, held: 0 };
      if (entry.held) total.held += toHours(entry.hours);
      else total.hours += toHours(entry.hours);
      years.set(year.startYear, total);
    }
    return {
      userId: row.userId,
      name: row.name,
      years: [...years.entries()]
        .sort(([a], [b]) => b - a)
        .map(([startYear, total]) => ({
          startYear,
          label: total.label,
          hours: toHours(total.hours),
          held: toHours(total.held),
          required: CHAPTER_14_HOURS_PER_YEAR,
          met: total.hours >= CHAPTER_14_HOURS_PER_YEAR,
        })),
    };
  });
}

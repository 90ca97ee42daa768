import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { AttendanceSource, Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { isUuid } from '../utils/ids';
import { creditedMinutes, isPresent, minutesBySource, minutesRequired } from './attendance-rule';
import type { Actor } from './coaching-sessions.server';
import { toCsv, type CsvValue } from '../utils/csv.server';
import { recordCohortCompletion } from '../hours/ledger.server';

type Executor = Kysely<Database>;

/**
 * Adds one raw segment. `rawEventId` names what it came from; a second delivery of the
 * same event hits the unique index and adds nothing. Returns whether a row was added.
 */
export async function recordSegment(
  db: Executor,
  input: {
    coachingSessionId: string;
    userId: string;
    joinedAt: Date;
    leftAt: Date | null;
    source: AttendanceSource;
    rawEventId: string | null;
    note?: string | null;
    createdBy?: string | null;
    /** the server node holding a live-room stay, whose lease decides when a dead one ends */
    nodeId?: string | null;
  },
) {
  const inserted = await db
    .insertInto('attendance_segment')
    .values({
      coaching_session_id: input.coachingSessionId,
      user_id: input.userId,
      joined_at: input.joinedAt,
      left_at: input.leftAt,
      source: input.source,
      raw_event_id: input.rawEventId,
      note: input.note ?? null,
      created_by: input.createdBy ?? null,
      node_id: input.nodeId ?? null,
    })
    .onConflict((oc) =>
      oc.column('raw_event_id').doUpdateSet({
        // a later report may know when someone left that the webhook never said
        left_at: sql<Date>`coalesce(attendance_segment.left_at, excluded.left_at)`,
      }),
    )
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .executeTakeFirst();
  return inserted?.inserted === true;
}

/** Closes this person's open segment from `source` that began before `leftAt`. */
export async function closeOpenSegment(
  db: Executor,
  input: { coachingSessionId: string; userId: string; leftAt: Date; source: AttendanceSource },
) {
  const open = await db
    .selectFrom('attendance_segment')
    .select('id')
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where('user_id', '=', input.userId)
    .where('source', '=', input.source)
    .where('left_at', 'is', null)
    .where('joined_at', '<=', input.leftAt)
    .orderBy('joined_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!open) return false;
  await db
    .updateTable('attendance_segment')
    .set({ left_at: input.leftAt })
    .where('id', '=', open.id)
    .execute();
  return true;
}

async function sessionRule(db: Executor, coachingSessionId: string) {
  return db
    .selectFrom('coaching_session')
    .innerJoin('cohort', 'cohort.id', 'coaching_session.cohort_id')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .select([
      'coaching_session.id',
      'coaching_session.cohort_id as cohortId',
      'coaching_session.starts_at as startsAt',
      'coaching_session.minutes',
      'program.attendance_threshold_percent as thresholdPercent',
    ])
    .where('coaching_session.id', '=', coachingSessionId)
    .executeTakeFirst();
}

/**
 * Stores each person's credited minutes and presence from their raw segments, keeping any
 * override a facilitator made. Covers the cohort's participants and anyone with segments.
 */
export async function recomputeAttendance(
  db: Executor,
  input: { coachingSessionId: string; now?: Date },
) {
  const rule = await sessionRule(db, input.coachingSessionId);
  if (!rule) return;
  const [segments, participants] = await Promise.all([
    db
      .selectFrom('attendance_segment')
      .select(['user_id as userId', 'joined_at as joinedAt', 'left_at as leftAt'])
      .where('coaching_session_id', '=', rule.id)
      .execute(),
    db
      .selectFrom('cohort_member')
      .select('user_id as userId')
      .where('cohort_id', '=', rule.cohortId)
      .where('role', '=', 'participant')
      .where('status', 'in', ['active', 'completed'])
      .execute(),
  ]);
  // sorted, so two recounts of one session lock its attendance rows in the same order
  const people = [
    ...new Set([...participants.map((row) => row.userId), ...segments.map((s) => s.userId)]),
  ].sort();
  const window = { startsAt: new Date(rule.startsAt), minutes: rule.minutes };
  const rows = people.map((userId) => {
    const minutes = creditedMinutes(
      segments
        .filter((segment) => segment.userId === userId)
        .map((segment) => ({
          joinedAt: new Date(segment.joinedAt),
          leftAt: segment.leftAt ? new Date(segment.leftAt) : null,
        })),
      window,
      input.now,
    );
    return {
      coaching_session_id: rule.id,
      user_id: userId,
      minutes_credited: minutes,
      present: isPresent(minutes, rule.minutes, rule.thresholdPercent),
    };
  });
  if (rows.length === 0) return;
  await db
    .insertInto('attendance')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['coaching_session_id', 'user_id']).doUpdateSet((eb) => ({
        minutes_credited: eb.ref('excluded.minutes_credited'),
        present: eb.ref('excluded.present'),
        computed_at: sql<Date>`now()`,
      })),
    )
    .execute();
  // a recount can be what completes someone's cohort
  await recordCohortCompletion(db, { cohortId: rule.cohortId });
}

/**
 * The facilitator's attendance sheet in one query: every participant with their raw
 * segments and stored override, and the Zoom participants nobody could be matched to.
 */
export async function getAttendanceSheet(
  db: Executor,
  input: { cohortId: string; coachingSessionId: string | undefined; now?: Date },
) {
  if (!isUuid(input.coachingSessionId)) return null;
  const row = await db
    .selectFrom('coaching_session')
    .innerJoin('cohort', 'cohort.id', 'coaching_session.cohort_id')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .select((eb) => [
      'coaching_session.id',
      'coaching_session.title',
      'coaching_session.kind',
      'coaching_session.status',
      'coaching_session.starts_at as startsAt',
      'coaching_session.minutes',
      'program.attendance_threshold_percent as thresholdPercent',
      jsonArrayFrom(
        eb
          .selectFrom('cohort_member')
          .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
          .select((inner) => [
            'app_user.id as userId',
            'app_user.name',
            'app_user.email',
            jsonArrayFrom(
              inner
                .selectFrom('attendance_segment')
                .select([
                  'attendance_segment.joined_at as joinedAt',
                  'attendance_segment.left_at as leftAt',
                  'attendance_segment.source',
                ])
                .whereRef('attendance_segment.coaching_session_id', '=', 'coaching_session.id')
                .whereRef('attendance_segment.user_id', '=', 'app_user.id')
                .orderBy('attendance_segment.joined_at'),
            ).as('segments'),
            jsonObjectFrom(
              inner
                .selectFrom('attendance')
                .leftJoin('app_user as overrider', 'overrider.id', 'attendance.overridden_by')
                .select([
                  'attendance.override_present as overridePresent',
                  'attendance.override_reason as overrideReason',
                  'overrider.name as overriddenBy',
                ])
                .whereRef('attendance.coaching_session_id', '=', 'coaching_session.id')
                .whereRef('attendance.user_id', '=', 'app_user.id'),
            ).as('attendance'),
          ])
          .whereRef('cohort_member.cohort_id', '=', 'cohort.id')
          .where('cohort_member.role', '=', 'participant')
          .where('cohort_member.status', 'in', ['active', 'completed'])
          .orderBy('app_user.name'),
      ).as('people'),
      jsonArrayFrom(
        eb
          .selectFrom('zoom_unmatched_participant')
          .select([
            'zoom_unmatched_participant.id',
            'zoom_unmatched_participant.display_name as displayName',
            'zoom_unmatched_participant.email',
            'zoom_unmatched_participant.joined_at as joinedAt',
            'zoom_unmatched_participant.left_at as leftAt',
          ])
          .whereRef('zoom_unmatched_participant.coaching_session_id', '=', 'coaching_session.id')
          .where('zoom_unmatched_participant.resolved_at', 'is', null)
          .orderBy('zoom_unmatched_participant.joined_at'),
      ).as('unmatched'),
    ])
    .where('coaching_session.id', '=', input.coachingSessionId)
    .where('coaching_session.cohort_id', '=', input.cohortId)
    .executeTakeFirst();
  if (!row) return null;

  const window = { startsAt: new Date(row.startsAt), minutes: row.minutes };
  return {
    session: {
      id: row.id,
      title: row.title,
      kind: row.kind,
      status: row.status,
      startsAt: new Date(row.startsAt).toISOString(),
      minutes: row.minutes,
      thresholdPercent: row.thresholdPercent,
      minutesRequired: minutesRequired(row.minutes, row.thresholdPercent),
    },
    people: row.people.map((person) => {
      const minutes = creditedMinutes(
        person.segments.map((segment) => ({
          joinedAt: new Date(segment.joinedAt),
          leftAt: segment.leftAt ? new Date(segment.leftAt) : null,
        })),
        window,
        input.now,
      );
      const sources = minutesBySource(
        person.segments.map((segment) => ({
          joinedAt: new Date(segment.joinedAt),
          leftAt: segment.leftAt ? new Date(segment.leftAt) : null,
          source: segment.source,
        })),
        window,
        input.now,
      );
      const computed = isPresent(minutes, row.minutes, row.thresholdPercent);
      const override = person.attendance?.overridePresent ?? null;
      return {
        userId: person.userId,
        name: person.name,
        email: person.email,
        minutes,
        sources,
        computedPresent: computed,
        present: override ?? computed,
        overridden: override !== null,
        overrideReason: person.attendance?.overrideReason ?? null,
        overriddenBy: person.attendance?.overriddenBy ?? null,
        segments: person.segments.map((segment) => ({
          joinedAt: new Date(segment.joinedAt).toISOString(),
          leftAt: segment.leftAt ? new Date(segment.leftAt).toISOString() : null,
          source: segment.source,
        })),
      };
    }),
    unmatched: row.unmatched.map((entry) => ({
      ...entry,
      joinedAt: new Date(entry.joinedAt).toISOString(),
      leftAt: entry.leftAt ? new Date(entry.leftAt).toISOString() : null,
    })),
  };
}

export type AttendanceSheet = NonNullable<Awaited<ReturnType<typeof getAttendanceSheet>>>;

/** One person's own attendance for a session. */
export async function getOwnAttendance(
  db: Executor,
  input: { cohortId: string; coachingSessionId: string; userId: string; now?: Date },
) {
  const sheet = await getAttendanceSheet(db, input);
  const mine = sheet?.people.find((person) => person.userId === input.userId);
  if (!sheet || !mine) return null;
  return {
    minutes: mine.minutes,
    present: mine.present,
    minutesRequired: sheet.session.minutesRequired,
    overridden: mine.overridden,
  };
}

/** A participant of the cohort this coaching session belongs to, with the names messages use. */
async function findSessionParticipant(
  db: Executor,
  input: { cohortId: string; coachingSessionId: string; userId: string },
) {
  return db
    .selectFrom('coaching_session')
    .innerJoin('cohort_member', 'cohort_member.cohort_id', 'coaching_session.cohort_id')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select(['app_user.name', 'coaching_session.title'])
    .where('coaching_session.id', '=', input.coachingSessionId)
    .where('coaching_session.cohort_id', '=', input.cohortId)
    .where('cohort_member.user_id', '=', input.userId)
    .where('cohort_member.role', '=', 'participant')
    .executeTakeFirst();
}

/** A facilitator's decision, with the reason, over what the segments say. */
export async function overrideAttendance(
  db: Executor,
  input: {
    cohortId: string;
    coachingSessionId: string;
    userId: string;
    present: boolean | null;
    reason: string;
    actor: Actor;
  },
): Promise<{ status: 'saved' } | { status: 'invalid'; message: string }> {
  if (input.present !== null && input.reason.trim().length < 3) {
    return { status: 'invalid', message: 'Say why you are changing the attendance.' };
  }
  return withTransaction(db, async (trx) => {
    const member = await findSessionParticipant(trx, input);
    if (!member)
      return { status: 'invalid' as const, message: 'Choose a participant of this cohort.' };
    await recomputeAttendance(trx, { coachingSessionId: input.coachingSessionId });
    const override =
      input.present === null
        ? {
            override_present: null,
            override_reason: null,
            overridden_by: null,
            overridden_at: null,
          }
        : {
            override_present: input.present,
            override_reason: input.reason.trim(),
            overridden_by: input.actor.id,
            overridden_at: new Date(),
          };
    await trx
      .insertInto('attendance')
      .values({
        coaching_session_id: input.coachingSessionId,
        user_id: input.userId,
        ...override,
      })
      .onConflict((oc) => oc.columns(['coaching_session_id', 'user_id']).doUpdateSet(override))
      .execute();
    await recordCohortCompletion(trx, { cohortId: input.cohortId, actorId: input.actor.id });
    await recordAudit(trx, {
      organizationId: input.actor.organizationId,
      actorId: input.actor.id,
      action: 'attendance.overridden',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: {
        coachingSessionId: input.coachingSessionId,
        title: member.title,
        userId: input.userId,
        name: member.name,
        present: input.present,
        reason: input.present === null ? null : input.reason.trim(),
      },
    });
    return { status: 'saved' as const };
  });
}

/**
 * Time a facilitator vouches for (a participant who joined by phone, a dropped connection they
 * saw): kept raw as a `manual` segment beside Zoom's and the live room's, never replacing them.
 */
export async function addManualSegment(
  db: Executor,
  input: {
    cohortId: string;
    coachingSessionId: string;
    userId: string;
    joinedAt: Date;
    leftAt: Date;
    note: string;
    actor: Actor;
  },
): Promise<{ status: 'saved'; name: string } | { status: 'invalid'; message: string }> {
  if (input.leftAt.getTime() <= input.joinedAt.getTime()) {
    return { status: 'invalid', message: 'The end must come after the start.' };
  }
  if (input.note.trim().length < 3) {
    return {
      status: 'invalid',
      message: 'Say where this time comes from, e.g. "joined by phone".',
    };
  }
  return withTransaction(db, async (trx) => {
    const member = await findSessionParticipant(trx, input);
    if (!member) {
      return { status: 'invalid' as const, message: 'Choose a participant of this cohort.' };
    }
    await recordSegment(trx, {
      coachingSessionId: input.coachingSessionId,
      userId: input.userId,
      joinedAt: input.joinedAt,
      leftAt: input.leftAt,
      source: 'manual',
      rawEventId: null,
      note: input.note.trim(),
      createdBy: input.actor.id,
    });
    await recomputeAttendance(trx, { coachingSessionId: input.coachingSessionId });
    await recordAudit(trx, {
      organizationId: input.actor.organizationId,
      actorId: input.actor.id,
      action: 'attendance.time_added',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: {
        coachingSessionId: input.coachingSessionId,
        title: member.title,
        userId: input.userId,
        name: member.name,
        joinedAt: input.joinedAt.toISOString(),
        leftAt: input.leftAt.toISOString(),
        note: input.note.trim(),
      },
    });
    return { status: 'saved' as const, name: member.name };
  });
}

/** Hands an unmatched Zoom participant's time to the person it was. */
export async function resolveUnmatchedParticipant(
  db: Executor,
  input: {
    cohortId: string;
    coachingSessionId: string;
    unmatchedId: string;
    userId: string;
    actor: Actor;
  },
): Promise<{ status: 'resolved' } | { status: 'invalid'; message: string }> {
  return withTransaction(db, async (trx) => {
    const entry = await trx
      .selectFrom('zoom_unmatched_participant')
      .innerJoin(
        'coaching_session',
        'coaching_session.id',
        'zoom_unmatched_participant.coaching_session_id',
      )
      .select([
        'zoom_unmatched_participant.id',
        'zoom_unmatched_participant.display_name as displayName',
        'zoom_unmatched_participant.joined_at as joinedAt',
        'zoom_unmatched_participant.left_at as leftAt',
        'zoom_unmatched_participant.raw_event_id as rawEventId',
      ])
      .where('zoom_unmatched_participant.id', '=', input.unmatchedId)
      .where('zoom_unmatched_participant.coaching_session_id', '=', input.coachingSessionId)
      .where('coaching_session.cohort_id', '=', input.cohortId)
      .where('zoom_unmatched_participant.resolved_at', 'is', null)
      .forUpdate('zoom_unmatched_participant')
      .executeTakeFirst();
    if (!entry) return { status: 'invalid' as const, message: 'That entry was already resolved.' };
    const member = await findSessionParticipant(trx, input);
    if (!member)
      return { status: 'invalid' as const, message: 'Choose a participant of this cohort.' };
    await recordSegment(trx, {
      coachingSessionId: input.coachingSessionId,
      userId: input.userId,
      joinedAt: new Date(entry.joinedAt),
      leftAt: entry.leftAt ? new Date(entry.leftAt) : null,
      source: 'zoom',
      rawEventId: `resolved:${entry.rawEventId}`,
      note: `Matched by hand from Zoom participant “${entry.displayName}”`,
      createdBy: input.actor.id,
    });
    await trx
      .updateTable('zoom_unmatched_participant')
      .set({ resolved_user_id: input.userId, resolved_by: input.actor.id, resolved_at: new Date() })
      .where('id', '=', entry.id)
      .execute();
    await recomputeAttendance(trx, { coachingSessionId: input.coachingSessionId });
    await recordAudit(trx, {
      organizationId: input.actor.organizationId,
      actorId: input.actor.id,
      action: 'attendance.matched',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: {
        coachingSessionId: input.coachingSessionId,
        zoomName: entry.displayName,
        name: member.name,
      },
    });
    return { status: 'resolved' as const };
  });
}

export function attendanceToCsv(sheet: AttendanceSheet) {
  const header = [
    'name',
    'email',
    'minutes credited',
    'minutes required',
    'present',
    'override reason',
  ];
  const lines: CsvValue[][] = [header];
  for (const person of sheet.people) {
    lines.push([
      person.name,
      person.email,
      person.minutes,
      sheet.session.minutesRequired,
      person.present ? 'yes' : 'no',
      person.overrideReason ?? '',
    ]);
  }
  return toCsv(lines);
}

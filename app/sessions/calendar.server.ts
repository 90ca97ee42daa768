import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CoachingSessionKind, CoachingSessionStatus, Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { buildCalendar, type CalendarEvent } from './ics';
import { kindLabels } from './labels';

type Executor = Kysely<Database>;

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function getCalendarFeedToken(db: Executor, userId: string) {
  const row = await db
    .selectFrom('calendar_feed_token')
    .select('token')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.token ?? null;
}

/** A new private feed address for this person; any older one stops working. */
export async function createCalendarFeedToken(db: Executor, userId: string) {
  const token = randomBytes(32).toString('base64url');
  await withTransaction(db, async (trx) => {
    await revokeCalendarFeedToken(trx, userId);
    await trx.insertInto('calendar_feed_token').values({ user_id: userId, token }).execute();
  });
  return token;
}

export async function revokeCalendarFeedToken(db: Executor, userId: string) {
  await db
    .updateTable('calendar_feed_token')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export function calendarFeedUrl(appOrigin: string, token: string) {
  return `${appOrigin}/calendar/${token}.ics`;
}

interface SessionForCalendar {
  id: string;
  cohortId: string;
  cohortName: string;
  kind: CoachingSessionKind;
  title: string;
  startsAt: Date | string;
  minutes: number;
  status: CoachingSessionStatus;
  hostName: string;
  updatedAt: Date | string;
  createdAt: Date | string;
}

function toEvent(session: SessionForCalendar, appOrigin: string): CalendarEvent {
  const url = `${appOrigin}/cohorts/${session.cohortId}/sessions/${session.id}`;
  const updatedAt = new Date(session.updatedAt);
  return {
    uid: `${session.id}@cadre`,
    title: `${session.title} (${session.cohortName})`,
    description: `${kindLabels[session.kind]} hosted by ${session.hostName}. Join from Cadre: ${url}`,
    startsAt: new Date(session.startsAt),
    minutes: session.minutes,
    url,
    location: url,
    cancelled: session.status === 'cancelled',
    // seconds since creation only grow, so every edit raises the sequence
    sequence: Math.max(
      0,
      Math.floor((updatedAt.getTime() - new Date(session.createdAt).getTime()) / 1000),
    ),
    updatedAt,
  };
}

function sessionsQuery(db: Executor) {
  return db
    .selectFrom('coaching_session')
    .innerJoin('cohort', 'cohort.id', 'coaching_session.cohort_id')
    .innerJoin('app_user as host', 'host.id', 'coaching_session.host_id')
    .select([
      'coaching_session.id',
      'coaching_session.cohort_id as cohortId',
      'cohort.name as cohortName',
      'coaching_session.kind',
      'coaching_session.title',
      'coaching_session.starts_at as startsAt',
      'coaching_session.minutes',
      'coaching_session.status',
      'host.name as hostName',
      'coaching_session.updated_at as updatedAt',
      'coaching_session.created_at as createdAt',
    ]);
}

/** One session as an .ics file for this cohort's members. */
export async function calendarForCoachingSession(
  db: Executor,
  input: { cohortId: string; coachingSessionId: string; appOrigin: string },
) {
  const session = await sessionsQuery(db)
    .where('coaching_session.id', '=', input.coachingSessionId)
    .where('coaching_session.cohort_id', '=', input.cohortId)
    .executeTakeFirst();
  if (!session) return null;
  return {
    title: session.title,
    ics: buildCalendar({ name: session.cohortName, events: [toEvent(session, input.appOrigin)] }),
  };
}

/**
 * The private feed behind a token: every coaching session of every cohort its owner is
 * admitted to, cancelled ones marked so, or null for an unknown or revoked token.
 */
export async function calendarForFeedToken(
  db: Executor,
  input: { token: string; appOrigin: string },
) {
  if (!TOKEN_PATTERN.test(input.token)) return null;
  const owner = await db
    .selectFrom('calendar_feed_token')
    .select('user_id')
    .where('token', '=', input.token)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!owner) return null;
  const sessions = await sessionsQuery(db)
    .innerJoin('cohort_member', 'cohort_member.cohort_id', 'cohort.id')
    .where('cohort_member.user_id', '=', owner.user_id)
    .where('cohort_member.status', 'in', ['active', 'completed'])
    .orderBy('coaching_session.starts_at')
    .execute();
  return buildCalendar({
    name: 'Cadre coaching sessions',
    events: sessions.map((session) => toEvent(session, input.appOrigin)),
  });
}

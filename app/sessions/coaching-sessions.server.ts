import { sql, type Kysely } from 'kysely';
import type { CoachingSessionKind, CoachingSessionStatus, Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { formatSessionTime } from './format';
import { isUuid } from '../utils/ids';
import { ZoomError, type ZoomClient } from '../zoom/client.server';
import {
  parseMeetingLink,
  type CoachingSessionFieldErrors,
  type CoachingSessionFormInput,
} from './coaching-session-form.server';
import { kindLabels } from './labels';
import { listAdmittedMembers, splitName } from './members.server';
import { tellMembers } from './session-emails.server';
import {
  checkMeetingSharing,
  createZoomMeeting,
  existingRegistrants,
  meetingSharingRefusal,
  zoomMeetingInput,
} from './zoom-meetings.server';
import { planReminders } from './reminders.server';
import { utcToZonedWallTime, zonedWallTimeToUtc } from './zoned-time';

type Executor = Kysely<Database>;

export interface Actor {
  id: string;
  organizationId: string;
}

export interface CohortRef {
  id: string;
  name: string;
  timezone: string;
  organizationId: string;
}

export type ScheduleOutcome =
  | { status: 'saved'; coachingSessionId: string }
  | { status: 'invalid'; errors: CoachingSessionFieldErrors };

/** The people who may host (the cohort's facilitators and coaches) and the program's modules. */
export async function getCoachingSessionFormOptions(db: Executor, cohortId: string) {
  const [hosts, modules] = await Promise.all([
    db
      .selectFrom('cohort_member')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .select(['app_user.id', 'app_user.name', 'cohort_member.role'])
      .where('cohort_member.cohort_id', '=', cohortId)
      .where('cohort_member.role', 'in', ['facilitator', 'coach'])
      .where('cohort_member.status', 'in', ['active', 'completed'])
      .orderBy('cohort_member.role', 'desc')
      .orderBy('app_user.name')
      .execute(),
    db
      .selectFrom('module')
      .innerJoin('cohort', 'cohort.program_id', 'module.program_id')
      .select(['module.id', 'module.title'])
      .where('cohort.id', '=', cohortId)
      .orderBy('module.position')
      .execute(),
  ]);
  return { hosts, modules };
}

async function checkReferences(
  db: Executor,
  cohortId: string,
  values: CoachingSessionFormInput,
): Promise<CoachingSessionFieldErrors> {
  const errors: CoachingSessionFieldErrors = {};
  const { hosts, modules } = await getCoachingSessionFormOptions(db, cohortId);
  if (!hosts.some((host) => host.id === values.hostId)) {
    errors.hostId = 'The host must be the cohort’s facilitator or coach.';
  }
  if (values.moduleId && !modules.some((module) => module.id === values.moduleId)) {
    errors.moduleId = 'Choose a module of this cohort’s program.';
  }
  return errors;
}

function startOf(values: CoachingSessionFormInput, timeZone: string) {
  return zonedWallTimeToUtc(values.date, values.time, timeZone);
}

/**
 * Schedules a coaching session. With a Zoom client the meeting is created and every
 * participant registered first; if any of that fails the meeting is deleted again and
 * nothing is saved, so there is never a session without its meeting or the reverse.
 */
export async function scheduleCoachingSession(
  db: Executor,
  input: {
    cohort: CohortRef;
    actor: Actor;
    values: CoachingSessionFormInput;
    zoom: ZoomClient | null;
    now?: Date;
  },
): Promise<ScheduleOutcome> {
  const { cohort, values } = input;
  const startsAt = startOf(values, cohort.timezone);
  if (!startsAt) {
    return { status: 'invalid', errors: { time: 'That time does not exist on this date.' } };
  }
  if (startsAt.getTime() <= (input.now ?? new Date()).getTime()) {
    return { status: 'invalid', errors: { date: 'Choose a start in the future.' } };
  }
  const errors = await checkReferences(db, cohort.id, values);
  if (Object.keys(errors).length > 0) return { status: 'invalid', errors };

  let meeting: {
    meetingNumber: string | null;
    joinUrl: string | null;
    passcode: string | null;
    registrants: { userId: string; registrantId: string; joinUrl: string }[];
    throughZoom: boolean;
  };
  const members = await listAdmittedMembers(db, cohort.id);
  const pasted = values.meetingLink ? parseMeetingLink(values.meetingLink) : null;
  if (pasted) {
    const shared = await checkMeetingSharing(db, {
      cohortId: cohort.id,
      meetingNumber: pasted.meetingNumber,
      startsAt,
      minutes: values.minutes,
    });
    if (shared) return { status: 'invalid', errors: { meetingLink: shared } };
  }
  if (input.zoom && !pasted) {
    const host = members.find((member) => member.id === values.hostId);
    const created = await createZoomMeeting(input.zoom, {
      hostEmail: host?.email ?? '',
      meeting: zoomMeetingInput(cohort, values, startsAt),
      participants: members.filter((member) => member.role === 'participant'),
    });
    if ('error' in created) return { status: 'invalid', errors: { form: created.error } };
    meeting = { ...created, throughZoom: true };
  } else {
    meeting = {
      meetingNumber: pasted?.meetingNumber ?? null,
      joinUrl: pasted?.joinUrl ?? null,
      passcode: values.passcode || null,
      // a coach's own recurring meeting may already have registered people in earlier sessions
      registrants:
        input.zoom && pasted
          ? await existingRegistrants(input.zoom, {
              meetingNumber: pasted.meetingNumber,
              participants: members.filter((member) => member.role === 'participant'),
            })
          : [],
      throughZoom: false,
    };
  }

  try {
    return await withTransaction(db, async (trx) => {
      const row = await trx
        .insertInto('coaching_session')
        .values({
          cohort_id: cohort.id,
          kind: values.kind,
          title: values.title,
          starts_at: startsAt,
          minutes: values.minutes,
          host_id: values.hostId,
          module_id: values.moduleId,
          zoom_meeting_id: meeting.meetingNumber,
          zoom_passcode: meeting.passcode,
          join_url: meeting.joinUrl,
          created_through_zoom: meeting.throughZoom,
          created_by: input.actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (meeting.registrants.length > 0) {
        await trx
          .insertInto('coaching_session_registrant')
          .values(
            meeting.registrants.map((registrant) => ({
              coaching_session_id: row.id,
              user_id: registrant.userId,
              zoom_registrant_id: registrant.registrantId,
              join_url: registrant.joinUrl,
            })),
          )
          .execute();
      }
      await planReminders(trx, { coachingSessionId: row.id, startsAt, now: input.now });
      await recordAudit(trx, {
        organizationId: input.actor.organizationId,
        actorId: input.actor.id,
        action: 'coaching_session.scheduled',
        targetType: 'cohort',
        targetId: cohort.id,
        after: {
          coachingSessionId: row.id,
          title: values.title,
          startsAt: startsAt.toISOString(),
          zoom: meeting.throughZoom,
        },
      });
      return { status: 'saved' as const, coachingSessionId: row.id };
    });
  } catch (error) {
    if (meeting.throughZoom && meeting.meetingNumber) {
      await input.zoom?.deleteMeeting(meeting.meetingNumber).catch(() => false);
    }
    const refused = meetingSharingRefusal(error);
    if (refused) return { status: 'invalid', errors: { meetingLink: refused } };
    throw error;
  }
}

const SESSION_COLUMNS = [
  'coaching_session.id',
  'coaching_session.cohort_id as cohortId',
  'coaching_session.kind',
  'coaching_session.title',
  'coaching_session.starts_at as startsAt',
  'coaching_session.minutes',
  'coaching_session.host_id as hostId',
  'coaching_session.module_id as moduleId',
  'coaching_session.status',
  'coaching_session.zoom_meeting_id as meetingNumber',
  'coaching_session.zoom_passcode as passcode',
  'coaching_session.join_url as joinUrl',
  'coaching_session.created_through_zoom as throughZoom',
  'coaching_session.updated_at as updatedAt',
  'coaching_session.created_at as createdAt',
] as const;

/** One coaching session of this cohort, or null for a malformed, unknown or foreign id. */
export async function getCoachingSession(
  db: Executor,
  input: { cohortId: string; coachingSessionId: string | undefined },
) {
  if (!isUuid(input.coachingSessionId)) return null;
  const row = await db
    .selectFrom('coaching_session')
    .innerJoin('app_user as host', 'host.id', 'coaching_session.host_id')
    .leftJoin('module', 'module.id', 'coaching_session.module_id')
    .select([...SESSION_COLUMNS, 'host.name as hostName', 'host.email as hostEmail'])
    .select('module.title as moduleTitle')
    .where('coaching_session.id', '=', input.coachingSessionId)
    .where('coaching_session.cohort_id', '=', input.cohortId)
    .executeTakeFirst();
  return row ?? null;
}

export type CoachingSessionRow = NonNullable<Awaited<ReturnType<typeof getCoachingSession>>>;

export interface CoachingSessionListItem {
  id: string;
  kind: CoachingSessionKind;
  title: string;
  startsAt: string;
  minutes: number;
  status: CoachingSessionStatus;
  hostName: string;
  moduleTitle: string | null;
  hasMeeting: boolean;
}

/** The cohort's coaching sessions split into upcoming (soonest first) and past (latest first). */
export async function listCoachingSessions(
  db: Executor,
  input: { cohortId: string; now?: Date },
): Promise<{ upcoming: CoachingSessionListItem[]; past: CoachingSessionListItem[] }> {
  const rows = await db
    .selectFrom('coaching_session')
    .innerJoin('app_user as host', 'host.id', 'coaching_session.host_id')
    .leftJoin('module', 'module.id', 'coaching_session.module_id')
    .select([
      'coaching_session.id',
      'coaching_session.kind',
      'coaching_session.title',
      'coaching_session.starts_at as startsAt',
      'coaching_session.minutes',
      'coaching_session.status',
      'coaching_session.zoom_meeting_id as meetingNumber',
      'coaching_session.join_url as joinUrl',
      'host.name as hostName',
      'module.title as moduleTitle',
    ])
    .where('coaching_session.cohort_id', '=', input.cohortId)
    .orderBy('coaching_session.starts_at')
    .execute();
  const now = (input.now ?? new Date()).getTime();
  const items = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    startsAt: new Date(row.startsAt).toISOString(),
    minutes: row.minutes,
    status: row.status,
    hostName: row.hostName,
    moduleTitle: row.moduleTitle,
    hasMeeting: row.meetingNumber !== null || row.joinUrl !== null,
    endsAt: new Date(row.startsAt).getTime() + row.minutes * 60_000,
  }));
  const strip = ({ endsAt: _endsAt, ...item }: (typeof items)[number]) => item;
  return {
    upcoming: items.filter((item) => item.endsAt > now).map(strip),
    past: items
      .filter((item) => item.endsAt <= now)
      .reverse()
      .map(strip),
  };
}

/** The form's values for an existing session, its start shown in the cohort's zone. */
export function formValuesOf(session: CoachingSessionRow, timeZone: string) {
  const wall = utcToZonedWallTime(new Date(session.startsAt), timeZone);
  return {
    kind: session.kind,
    title: session.title,
    date: wall.date,
    time: wall.time,
    minutes: String(session.minutes),
    hostId: session.hostId,
    moduleId: session.moduleId ?? '',
    meetingLink: session.throughZoom ? '' : (session.joinUrl ?? session.meetingNumber ?? ''),
    passcode: session.throughZoom ? '' : (session.passcode ?? ''),
  };
}

/**
 * Saves an edit. A Zoom meeting Cadre created is updated first; if Zoom refuses, nothing
 * changes here either. Moving the start re-arms the reminders and tells the cohort.
 */
export async function updateCoachingSession(
  db: Executor,
  input: {
    cohort: CohortRef;
    actor: Actor;
    coachingSessionId: string;
    values: CoachingSessionFormInput;
    zoom: ZoomClient | null;
    appOrigin: string;
    now?: Date;
  },
): Promise<ScheduleOutcome> {
  const { cohort, values } = input;
  const existing = await getCoachingSession(db, {
    cohortId: cohort.id,
    coachingSessionId: input.coachingSessionId,
  });
  if (!existing || existing.status === 'cancelled') {
    return { status: 'invalid', errors: { form: 'This session was cancelled or removed.' } };
  }
  const startsAt = startOf(values, cohort.timezone);
  if (!startsAt) {
    return { status: 'invalid', errors: { time: 'That time does not exist on this date.' } };
  }
  const moved = startsAt.getTime() !== new Date(existing.startsAt).getTime();
  if (moved && startsAt.getTime() <= (input.now ?? new Date()).getTime()) {
    return { status: 'invalid', errors: { date: 'Choose a start in the future.' } };
  }
  const errors = await checkReferences(db, cohort.id, values);
  if (Object.keys(errors).length > 0) return { status: 'invalid', errors };

  const throughZoom = existing.throughZoom && existing.meetingNumber !== null;
  if (throughZoom && input.zoom && existing.meetingNumber) {
    try {
      await input.zoom.updateMeeting(
        existing.meetingNumber,
        zoomMeetingInput(cohort, values, startsAt),
      );
    } catch (error) {
      if (error instanceof ZoomError) {
        return {
          status: 'invalid',
          errors: { form: `The session was not changed. ${error.message}` },
        };
      }
      throw error;
    }
  }
  const pasted = !throughZoom && values.meetingLink ? parseMeetingLink(values.meetingLink) : null;
  const meetingNumber = throughZoom ? existing.meetingNumber : (pasted?.meetingNumber ?? null);
  if (meetingNumber) {
    const shared = await checkMeetingSharing(db, {
      cohortId: cohort.id,
      meetingNumber,
      startsAt,
      minutes: values.minutes,
      coachingSessionId: existing.id,
    });
    if (shared) return { status: 'invalid', errors: { meetingLink: shared } };
  }

  try {
    return await withTransaction(db, async (trx) => {
      await trx
        .updateTable('coaching_session')
        .set({
          kind: values.kind,
          title: values.title,
          starts_at: startsAt,
          minutes: values.minutes,
          host_id: values.hostId,
          module_id: values.moduleId,
          updated_at: sql<Date>`now()`,
          ...(throughZoom
            ? {}
            : {
                zoom_meeting_id: pasted?.meetingNumber ?? null,
                join_url: pasted?.joinUrl ?? null,
                zoom_passcode: values.passcode || null,
              }),
        })
        .where('id', '=', existing.id)
        .where('cohort_id', '=', cohort.id)
        .execute();
      if (moved) {
        await planReminders(trx, { coachingSessionId: existing.id, startsAt, now: input.now });
        await tellMembers(trx, {
          cohort,
          actorId: input.actor.id,
          kind: 'coaching-session-moved',
          subject: `Moved: ${values.title}`,
          heading: `${values.title} has moved`,
          paragraphs: [
            `The ${kindLabels[values.kind].toLowerCase()} of ${cohort.name} now starts ${formatSessionTime(startsAt.toISOString(), cohort.timezone)} and lasts ${values.minutes} minutes.`,
            `It was planned for ${formatSessionTime(new Date(existing.startsAt).toISOString(), cohort.timezone)}. Calendar feeds update on their own; a downloaded .ics file needs downloading again.`,
          ],
          link: `${input.appOrigin}/cohorts/${cohort.id}/sessions/${existing.id}`,
          appOrigin: input.appOrigin,
        });
      }
      await recordAudit(trx, {
        organizationId: input.actor.organizationId,
        actorId: input.actor.id,
        action: 'coaching_session.updated',
        targetType: 'cohort',
        targetId: cohort.id,
        before: {
          coachingSessionId: existing.id,
          title: existing.title,
          startsAt: new Date(existing.startsAt).toISOString(),
          minutes: existing.minutes,
        },
        after: {
          coachingSessionId: existing.id,
          title: values.title,
          startsAt: startsAt.toISOString(),
          minutes: values.minutes,
        },
      });
      return { status: 'saved' as const, coachingSessionId: existing.id };
    });
  } catch (error) {
    const refused = meetingSharingRefusal(error);
    if (refused) return { status: 'invalid', errors: { meetingLink: refused } };
    throw error;
  }
}

/**
 * Cancels a session: its Zoom meeting is deleted (one already gone in Zoom is fine), the
 * reminders are dropped and everyone in the cohort is told by email.
 */
export async function cancelCoachingSession(
  db: Executor,
  input: {
    cohort: CohortRef;
    actor: Actor;
    coachingSessionId: string;
    zoom: ZoomClient | null;
    appOrigin: string;
  },
): Promise<{ status: 'cancelled'; title: string } | { status: 'failed'; message: string }> {
  const existing = await getCoachingSession(db, {
    cohortId: input.cohort.id,
    coachingSessionId: input.coachingSessionId,
  });
  if (!existing || existing.status === 'cancelled') {
    return { status: 'failed', message: 'This session is already cancelled.' };
  }
  // another session of the cohort may have reused this meeting; it stays while one does
  const sharedWith = existing.meetingNumber
    ? await db
        .selectFrom('coaching_session')
        .select('id')
        .where('zoom_meeting_id', '=', existing.meetingNumber)
        .where('status', '=', 'scheduled')
        .where('id', '<>', existing.id)
        .executeTakeFirst()
    : undefined;
  if (existing.throughZoom && existing.meetingNumber && input.zoom && !sharedWith) {
    try {
      await input.zoom.deleteMeeting(existing.meetingNumber);
    } catch (error) {
      if (error instanceof ZoomError) {
        return { status: 'failed', message: `The session was not cancelled. ${error.message}` };
      }
      throw error;
    }
  }
  return withTransaction(db, async (trx) => {
    const cancelled = await trx
      .updateTable('coaching_session')
      .set({ status: 'cancelled', cancelled_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
      .where('id', '=', existing.id)
      .where('cohort_id', '=', input.cohort.id)
      .where('status', '=', 'scheduled')
      .returning('id')
      .executeTakeFirst();
    if (!cancelled)
      return { status: 'failed' as const, message: 'This session is already cancelled.' };
    await trx
      .deleteFrom('coaching_session_reminder')
      .where('coaching_session_id', '=', existing.id)
      .where('sent_at', 'is', null)
      .execute();
    await tellMembers(trx, {
      cohort: input.cohort,
      actorId: input.actor.id,
      kind: 'coaching-session-cancelled',
      subject: `Cancelled: ${existing.title}`,
      heading: `${existing.title} is cancelled`,
      paragraphs: [
        `The ${kindLabels[existing.kind].toLowerCase()} of ${input.cohort.name} planned for ${formatSessionTime(new Date(existing.startsAt).toISOString(), input.cohort.timezone)} will not take place.`,
        'Your facilitator will share a new date if there is one.',
      ],
      link: `${input.appOrigin}/cohorts/${input.cohort.id}/sessions`,
      appOrigin: input.appOrigin,
    });
    await recordAudit(trx, {
      organizationId: input.actor.organizationId,
      actorId: input.actor.id,
      action: 'coaching_session.cancelled',
      targetType: 'cohort',
      targetId: input.cohort.id,
      before: { coachingSessionId: existing.id, title: existing.title },
    });
    return { status: 'cancelled' as const, title: existing.title };
  });
}

/** This person's own join link: their registrant link when Zoom registered them. */
export async function getJoinLinkFor(
  db: Executor,
  input: { coachingSessionId: string; userId: string },
) {
  const row = await db
    .selectFrom('coaching_session_registrant')
    .select('join_url as joinUrl')
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  return row?.joinUrl ?? null;
}

/**
 * Registers a participant who joined the cohort after the meeting was created, so they
 * too have their own link. Best effort: without it they still join through the SDK.
 */
export async function ensureRegistrant(
  db: Executor,
  input: {
    session: Pick<CoachingSessionRow, 'id' | 'meetingNumber' | 'throughZoom' | 'status'>;
    user: { id: string; name: string; email: string };
    zoom: ZoomClient | null;
  },
) {
  const { session, zoom } = input;
  // a reused meeting's registrants were picked up when the session was scheduled
  const existing = await getJoinLinkFor(db, {
    coachingSessionId: session.id,
    userId: input.user.id,
  });
  if (existing) return existing;
  if (!zoom || !session.throughZoom || !session.meetingNumber || session.status !== 'scheduled') {
    return null;
  }
  try {
    const registered = await zoom.addRegistrant(session.meetingNumber, {
      email: input.user.email,
      ...splitName(input.user.name),
    });
    await db
      .insertInto('coaching_session_registrant')
      .values({
        coaching_session_id: session.id,
        user_id: input.user.id,
        zoom_registrant_id: registered.registrantId,
        join_url: registered.joinUrl,
      })
      .onConflict((oc) => oc.columns(['coaching_session_id', 'user_id']).doNothing())
      .execute();
    return registered.joinUrl;
  } catch (error) {
    if (error instanceof ZoomError) return null;
    throw error;
  }
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { isUniqueViolation } from '../../db/errors';
import { ZoomError, type ZoomClient } from '../zoom/client.server';
import type { CoachingSessionFormInput } from './coaching-session-form.server';
import type { CohortRef } from './coaching-sessions.server';
import { splitName } from './members.server';

// the zoom side of scheduling: creating a meeting with its registrants, and sharing one

type Executor = Kysely<Database>;

export function zoomMeetingInput(
  cohort: CohortRef,
  values: CoachingSessionFormInput,
  startsAt: Date,
) {
  return {
    topic: `${values.title} · ${cohort.name}`,
    startTime: startsAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    minutes: values.minutes,
    timezone: cohort.timezone,
  };
}

const ANOTHER_COHORT =
  'This Zoom meeting already belongs to another cohort’s sessions. Each cohort needs its own meeting, so attendance can be told apart; create a new meeting or leave the link empty.';
const OVERLAPPING =
  'Another session of this cohort uses this Zoom meeting at an overlapping time. Move one of them, or use a different meeting.';

/**
 * One recurring meeting or personal room may serve every session of a cohort; it may not
 * serve two cohorts, nor two sessions at once, since Zoom's joins are placed by time.
 */
export async function checkMeetingSharing(
  db: Executor,
  input: {
    cohortId: string;
    meetingNumber: string;
    startsAt: Date;
    minutes: number;
    coachingSessionId?: string;
  },
): Promise<string | null> {
  const others = await db
    .selectFrom('coaching_session')
    .select(['cohort_id as cohortId', 'starts_at as startsAt', 'minutes'])
    .where('zoom_meeting_id', '=', input.meetingNumber)
    .where('status', '=', 'scheduled')
    .$if(input.coachingSessionId !== undefined, (qb) =>
      qb.where('id', '<>', input.coachingSessionId ?? ''),
    )
    .execute();
  if (others.some((other) => other.cohortId !== input.cohortId)) return ANOTHER_COHORT;
  const start = input.startsAt.getTime();
  const end = start + input.minutes * 60_000;
  const overlaps = others.some((other) => {
    const otherStart = new Date(other.startsAt).getTime();
    return otherStart < end && start < otherStart + other.minutes * 60_000;
  });
  return overlaps ? OVERLAPPING : null;
}

/** the database's own refusal (two schedulers racing) in the words of the form */
export function meetingSharingRefusal(error: unknown) {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint_name: constraint } = error as {
    code?: unknown;
    constraint_name?: unknown;
  };
  if (isUniqueViolation(error)) return 'Another scheduled session already uses this Zoom meeting.';
  if (code !== '23P01') return null;
  return constraint === 'coaching_session_zoom_meeting_cohort' ? ANOTHER_COHORT : OVERLAPPING;
}

/**
 * The participants a reused meeting already registered (matched by the email Zoom holds
 * for each registrant), read through every page of Zoom's list. Best effort: a meeting
 * outside Cadre's Zoom account or without registration gives none, and people still join
 * with their own identity through the Meeting SDK.
 */
export async function existingRegistrants(
  zoom: ZoomClient,
  input: { meetingNumber: string; participants: { id: string; email: string }[] },
) {
  try {
    const registrants = await zoom.listRegistrants(input.meetingNumber);
    const byEmail = new Map(
      registrants
        .filter((registrant) => registrant.joinUrl && registrant.status !== 'denied')
        .map((registrant) => [registrant.email.toLowerCase(), registrant]),
    );
    return input.participants.flatMap((participant) => {
      const registrant = byEmail.get(participant.email.toLowerCase());
      return registrant?.joinUrl
        ? [
            {
              userId: participant.id,
              registrantId: registrant.registrantId,
              joinUrl: registrant.joinUrl,
            },
          ]
        : [];
    });
  } catch (error) {
    if (error instanceof ZoomError) return [];
    throw error;
  }
}

export async function createZoomMeeting(
  zoom: ZoomClient,
  input: {
    hostEmail: string;
    meeting: ReturnType<typeof zoomMeetingInput>;
    participants: { id: string; name: string; email: string }[];
  },
) {
  let meetingId: string | null = null;
  try {
    const meeting = await zoom.createMeeting(input.hostEmail, input.meeting);
    meetingId = meeting.id;
    const registrants = [];
    for (const participant of input.participants) {
      const registered = await zoom.addRegistrant(meeting.id, {
        email: participant.email,
        ...splitName(participant.name),
      });
      registrants.push({ userId: participant.id, ...registered });
    }
    return {
      meetingNumber: meeting.id,
      joinUrl: meeting.joinUrl,
      passcode: meeting.password ? meeting.password.slice(0, 10) : null,
      registrants,
    };
  } catch (error) {
    if (meetingId) await zoom.deleteMeeting(meetingId).catch(() => false);
    if (error instanceof ZoomError) {
      return { error: `The session was not scheduled. ${error.message}` };
    }
    throw error;
  }
}

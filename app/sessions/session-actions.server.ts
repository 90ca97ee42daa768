import type { AppLoadContext } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { SessionUser } from '../auth/session.server';
import { appOriginOf } from '../http/origin.server';
import type { CohortAccess } from '../permissions/permissions.server';
import { getZoomClient } from '../zoom/client.server';
import { getZoomApiConfig } from '../zoom/config.server';
import {
  AttendanceActionSchema,
  CoachingSessionFormSchema,
  replyOptionsOf,
} from './coaching-session-form.server';
import {
  cancelCoachingSession,
  scheduleCoachingSession,
  updateCoachingSession,
} from './coaching-sessions.server';
import {
  addManualSegment,
  overrideAttendance,
  resolveUnmatchedParticipant,
} from './attendance.server';
import { utcToZonedWallTime, zonedWallTimeToUtc } from './zoned-time';
import { firstErrorMessage, readFormData } from '../http/form.server';

function cohortRef(cohort: CohortAccess['cohort']) {
  return {
    id: cohort.id,
    name: cohort.name,
    timezone: cohort.timezone,
    organizationId: cohort.organizationId,
  };
}

export function zoomClientFor(context: AppLoadContext) {
  return getZoomClient(getZoomApiConfig(context.env));
}

/** The schedule and edit forms' action: saved, or Conform's reply with what was typed. */
export async function submitCoachingSessionForm(
  context: AppLoadContext,
  request: Request,
  input: { user: SessionUser; cohort: CohortAccess['cohort']; coachingSessionId?: string },
): Promise<
  | { status: 'saved'; coachingSessionId: string }
  | { status: 'invalid'; result: SubmissionResult<string[]> }
> {
  const submission = parseWithZod(await readFormData(request), {
    schema: CoachingSessionFormSchema,
  });
  if (submission.status !== 'success') {
    return { status: 'invalid', result: submission.reply() };
  }
  const common = {
    cohort: cohortRef(input.cohort),
    actor: input.user,
    values: submission.value,
    zoom: zoomClientFor(context),
  };
  const outcome = input.coachingSessionId
    ? await updateCoachingSession(context.db, {
        ...common,
        coachingSessionId: input.coachingSessionId,
        appOrigin: appOriginOf(request, context.env),
      })
    : await scheduleCoachingSession(context.db, common);
  return outcome.status === 'saved'
    ? outcome
    : { status: 'invalid', result: submission.reply(replyOptionsOf(outcome.errors)) };
}

export async function cancelFromRequest(
  context: AppLoadContext,
  request: Request,
  input: { user: SessionUser; cohort: CohortAccess['cohort']; coachingSessionId: string },
) {
  return cancelCoachingSession(context.db, {
    cohort: cohortRef(input.cohort),
    actor: input.user,
    coachingSessionId: input.coachingSessionId,
    zoom: zoomClientFor(context),
    appOrigin: appOriginOf(request, context.env),
  });
}

/**
 * The attendance page's three actions: an override (or undoing one), time added by hand, and
 * matching a Zoom participant. Each ends in a message for the page's toast.
 */
export async function submitAttendanceAction(
  context: AppLoadContext,
  form: FormData,
  input: {
    user: SessionUser;
    cohortId: string;
    coachingSessionId: string;
    /** when the session starts and the cohort's zone: manual times are clock times on that day */
    startsAt: string;
    timezone: string;
  },
): Promise<{ ok: true; message: string } | { ok: false; message: string }> {
  const submission = parseWithZod(form, { schema: AttendanceActionSchema });
  if (submission.status !== 'success') {
    return { ok: false, message: firstErrorMessage(submission.error, 'Check the form.') };
  }
  const action = submission.value;
  const target = {
    cohortId: input.cohortId,
    coachingSessionId: input.coachingSessionId,
    userId: action.userId,
    actor: input.user,
  };
  switch (action.intent) {
    case 'add-time': {
      const day = utcToZonedWallTime(new Date(input.startsAt), input.timezone).date;
      const joinedAt = zonedWallTimeToUtc(day, action.from, input.timezone);
      const leftAt = zonedWallTimeToUtc(day, action.to, input.timezone);
      if (!joinedAt || !leftAt) return { ok: false, message: 'Enter real clock times like 16:05.' };
      const result = await addManualSegment(context.db, {
        ...target,
        joinedAt,
        leftAt,
        note: action.note,
      });
      return result.status === 'saved'
        ? { ok: true, message: `Time added for ${result.name}; their minutes are recounted.` }
        : { ok: false, message: result.message };
    }
    case 'override': {
      const present = action.present === 'computed' ? null : action.present === 'present';
      const result = await overrideAttendance(context.db, {
        ...target,
        present,
        reason: action.reason,
      });
      return result.status === 'saved'
        ? {
            ok: true,
            message:
              present === null
                ? 'The override is removed; attendance follows the recorded time again.'
                : `Marked ${present ? 'present' : 'absent'}. The reason is kept in the audit log.`,
          }
        : { ok: false, message: result.message };
    }
    case 'resolve': {
      const result = await resolveUnmatchedParticipant(context.db, {
        ...target,
        unmatchedId: action.unmatchedId,
      });
      return result.status === 'resolved'
        ? { ok: true, message: 'Matched. Their Zoom time now counts for them.' }
        : { ok: false, message: result.message };
    }
  }
}

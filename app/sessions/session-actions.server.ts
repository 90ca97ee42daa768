import type { AppLoadContext } from '@remix-run/node';
import type { SessionUser } from '../auth/session.server';
import { appOriginOf } from '../http/origin.server';
import type { CohortAccess } from '../permissions/permissions.server';
import { getZoomClient } from '../zoom/client.server';
import { getZoomApiConfig } from '../zoom/config.server';
import {
  CoachingSessionFormSchema,
  coachingSessionFormFields,
  fieldErrorsOf,
  ManualTimeSchema,
  OverrideSchema,
  ResolveSchema,
  type CoachingSessionFieldErrors,
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
import { readFormData } from '../http/form.server';

export interface CoachingSessionFormReply {
  errors: CoachingSessionFieldErrors;
  values: Record<string, string>;
}

function formValues(form: FormData) {
  const values: Record<string, string> = {};
  for (const key of coachingSessionFormFields) {
    const value = form.get(key);
    values[key] = typeof value === 'string' ? value : '';
  }
  return values;
}

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

/** The schedule and edit forms' action: saved, or field errors with what was typed. */
export async function submitCoachingSessionForm(
  context: AppLoadContext,
  request: Request,
  input: { user: SessionUser; cohort: CohortAccess['cohort']; coachingSessionId?: string },
): Promise<
  | { status: 'saved'; coachingSessionId: string }
  | { status: 'invalid'; reply: CoachingSessionFormReply }
> {
  const values = formValues(await readFormData(request));
  const parsed = CoachingSessionFormSchema.safeParse(values);
  if (!parsed.success) {
    return { status: 'invalid', reply: { errors: fieldErrorsOf(parsed.error), values } };
  }
  const common = {
    cohort: cohortRef(input.cohort),
    actor: input.user,
    values: parsed.data,
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
    : { status: 'invalid', reply: { errors: outcome.errors, values } };
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

/** The attendance page's two actions: an override (or undoing one) and matching by hand. */
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
  const intent = form.get('intent');
  if (intent === 'add-time') {
    const parsed = ManualTimeSchema.safeParse({
      userId: form.get('userId'),
      from: form.get('from'),
      to: form.get('to'),
      note: form.get('note'),
    });
    if (!parsed.success) {
      return { ok: false, message: parsed.error.issues[0]?.message ?? 'Check the form.' };
    }
    const day = utcToZonedWallTime(new Date(input.startsAt), input.timezone).date;
    const joinedAt = zonedWallTimeToUtc(day, parsed.data.from, input.timezone);
    const leftAt = zonedWallTimeToUtc(day, parsed.data.to, input.timezone);
    if (!joinedAt || !leftAt) return { ok: false, message: 'Enter real clock times like 16:05.' };
    const result = await addManualSegment(context.db, {
      cohortId: input.cohortId,
      coachingSessionId: input.coachingSessionId,
      userId: parsed.data.userId,
      joinedAt,
      leftAt,
      note: parsed.data.note,
      actor: input.user,
    });
    return result.status === 'saved'
      ? { ok: true, message: `Time added for ${result.name}; their minutes are recounted.` }
      : { ok: false, message: result.message };
  }
  if (intent === 'override') {
    const parsed = OverrideSchema.safeParse({
      userId: form.get('userId'),
      present: form.get('present'),
      reason: form.get('reason') ?? '',
    });
    if (!parsed.success) {
      return { ok: false, message: parsed.error.issues[0]?.message ?? 'Check the form.' };
    }
    const present = parsed.data.present === 'computed' ? null : parsed.data.present === 'present';
    const result = await overrideAttendance(context.db, {
      cohortId: input.cohortId,
      coachingSessionId: input.coachingSessionId,
      userId: parsed.data.userId,
      present,
      reason: parsed.data.reason,
      actor: input.user,
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
  if (intent === 'resolve') {
    const parsed = ResolveSchema.safeParse({
      unmatchedId: form.get('unmatchedId'),
      userId: form.get('userId'),
    });
    if (!parsed.success) {
      return { ok: false, message: parsed.error.issues[0]?.message ?? 'Check the form.' };
    }
    const result = await resolveUnmatchedParticipant(context.db, {
      cohortId: input.cohortId,
      coachingSessionId: input.coachingSessionId,
      ...parsed.data,
      actor: input.user,
    });
    return result.status === 'resolved'
      ? { ok: true, message: 'Matched. Their Zoom time now counts for them.' }
      : { ok: false, message: result.message };
  }
  return { ok: false, message: 'That action is not known on this page.' };
}

import type { AppLoadContext } from '@remix-run/node';
import { data } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import type { SessionUser } from '../auth/session.server';
import { appOriginOf } from '../http/origin.server';
import { requireCohortRole } from '../permissions/permissions.server';
import { redirectWithToast } from '../utils/toast.server';
import {
  CohortFields,
  CohortFormSchema,
  createCohort,
  ENDS_BEFORE_START,
  endsOnOrAfterStart,
  getCohortFormOptions,
  setJoinCode,
  updateCohort,
  type FieldErrors,
} from './cohort-settings.server';
import { readFormData } from '../http/form.server';
import { defaultCohortSpan } from '../utils/dates';
import { getPersonOption, searchPeople } from '../people/people-search.server';
import { pickerSearchParam } from '../search/search';
import { SearchQuerySchema } from '../search/search.server';

export function timeZoneList(extra: string[] = []) {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  for (const zone of extra) zones.add(zone);
  return [...zones].sort();
}

/**
 * What the cohort form needs from `owner`'s organization (the person's for a new cohort, the
 * cohort's for its settings): its programs and time zone, and the coach picker's chosen person.
 * The no-script coach search reloads the page with the form's values in the URL; then the
 * typed values come back with one page of matching coaches.
 */
export async function loadCohortFormOptions(
  context: AppLoadContext,
  owner: { organizationId: string },
  input: { request: Request; coachId: string | null; programId?: string | null },
) {
  const url = new URL(input.request.url);
  const query = url.searchParams.get(pickerSearchParam('coachId'));
  const typed = query === null ? null : formValues(url.searchParams);
  const coachQuery = SearchQuerySchema.safeParse(query ?? '');
  const [options, selected, matches] = await Promise.all([
    getCohortFormOptions(context.db, owner.organizationId, input.programId ?? null),
    getPersonOption(context.db, {
      organizationId: owner.organizationId,
      personId: typed ? typed.coachId : input.coachId,
    }),
    query !== null && coachQuery.success
      ? searchPeople(context.db, {
          organizationId: owner.organizationId,
          role: 'coach',
          q: coachQuery.data,
        })
      : null,
  ]);
  return {
    ...options,
    timezones: timeZoneList([options.defaultTimezone]),
    suggestedSpan: defaultCohortSpan(new Date(), options.defaultTimezone),
    typed,
    coach: {
      selected,
      fallback: matches ? { query: (query ?? '').trim(), page: matches } : null,
    },
  };
}

function formValues(form: { get(key: string): FormDataEntryValue | null }) {
  const values: Record<string, string> = {};
  for (const key of [
    'programId',
    'name',
    'capacity',
    'startsOn',
    'endsOn',
    'timezone',
    'coachId',
  ]) {
    const value = form.get(key);
    values[key] = typeof value === 'string' ? value : '';
  }
  return values;
}

const NOT_UNDERSTOOD =
  'That change was not understood, so nothing changed. Reload the page and try again.';

/** The settings page's forms: the cohort form (sent with `save`, or no intent) and the join link. */
export const CohortSettingsActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('join-code-on') }),
    z.object({ intent: z.literal('join-code-off') }),
    CohortFields.extend({ intent: z.literal('save').optional() }).refine(
      endsOnOrAfterStart,
      ENDS_BEFORE_START,
    ),
  ],
  { error: NOT_UNDERSTOOD },
);

/** what any of the cohort pages' submissions can answer with */
interface Replyable {
  reply(options?: {
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
  }): SubmissionResult<string[]>;
}

/** A refused cohort form: the errors, and the coach it was sent with to show in the picker. */
async function refuse(
  context: AppLoadContext,
  submission: Replyable,
  input: { organizationId: string; form: FormData; errors?: FieldErrors },
) {
  // what the database refused (a program or coach not on the list) joins the schema's errors
  const formErrors: string[] = [];
  const fieldErrors: Record<string, string[]> = {};
  for (const [name, message] of Object.entries(input.errors ?? {})) {
    if (!message) continue;
    if (name === 'form') formErrors.push(message);
    else fieldErrors[name] = [message];
  }
  const result = input.errors ? submission.reply({ formErrors, fieldErrors }) : submission.reply();
  const coachId = input.form.get('coachId');
  const coach = await getPersonOption(context.db, {
    organizationId: input.organizationId,
    personId: typeof coachId === 'string' ? coachId : null,
  });
  return data({ result, coach }, { status: 400 });
}

/** The new-cohort page's action: creates the cohort and opens it, or answers what to fix. */
export async function submitNewCohort(
  context: AppLoadContext,
  request: Request,
  user: SessionUser,
) {
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: CohortFormSchema });
  const organizationId = user.organizationId;
  if (submission.status !== 'success') {
    return refuse(context, submission, { organizationId, form });
  }
  const created = await createCohort(context.db, { actor: user, values: submission.value });
  if (created.status !== 'created') {
    return refuse(context, submission, { organizationId, form, errors: created.errors });
  }
  throw await redirectWithToast(`/cohorts/${created.cohortId}`, {
    kind: 'success',
    message: 'The cohort is created. Next, invite educators.',
  });
}

/** The settings page's action: saves the cohort form, or turns the join link on or off. */
export async function submitCohortSettings(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { user, cohort } = await requireCohortRole(context.db, request, cohortId, 'administer');
  const back = `/cohorts/${cohort.id}/settings`;
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: CohortSettingsActionSchema });
  const organizationId = cohort.organizationId;
  if (submission.status !== 'success') {
    return refuse(context, submission, { organizationId, form });
  }
  const action = submission.value;
  if (action.intent === 'join-code-on' || action.intent === 'join-code-off') {
    const enabled = action.intent === 'join-code-on';
    await setJoinCode(context.db, { cohortId: cohort.id, enabled, actor: user });
    throw await redirectWithToast(back, {
      kind: 'success',
      message: enabled
        ? 'The join link is on. Share it with the educators you invite by word.'
        : 'The join link is off; the old link no longer works.',
    });
  }
  // the audit log keeps the cohort's values, not the button that sent them
  const { intent: _intent, ...values } = action;
  const updated = await updateCohort(context.db, {
    cohortId: cohort.id,
    actor: user,
    values,
    appOrigin: appOriginOf(request, context.env),
  });
  if (updated.status !== 'updated') {
    return refuse(context, submission, { organizationId, form, errors: updated.errors });
  }
  const promoted = updated.promoted;
  throw await redirectWithToast(back, {
    kind: 'success',
    message: `Settings saved.${promoted > 0 ? ` ${promoted} waitlisted ${promoted === 1 ? 'person' : 'people'} got a seat.` : ''}`,
  });
}

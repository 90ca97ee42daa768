import type { AppLoadContext } from '@remix-run/node';
import type { SessionUser } from '../auth/session.server';
import { appOriginOf } from '../http/origin.server';
import {
  CohortFormSchema,
  createCohort,
  fieldErrorsOf,
  getCohortFormOptions,
  updateCohort,
  type FieldErrors,
} from './cohort-settings.server';
import { readFormData } from '../http/form.server';
import { defaultCohortSpan } from '../utils/dates';
import { getPersonOption, searchPeople } from '../people/people-search.server';
import { pickerSearchParam, type SearchOption } from '../search/search';
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

export interface CohortFormReply {
  errors: FieldErrors;
  values: Record<string, string>;
  /** the coach the form was sent with, to show it back in the picker */
  coach: SearchOption | null;
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

/** Validates and saves the cohort form; returns field errors (and what was typed) when it cannot. */
export async function submitCohortForm(
  context: AppLoadContext,
  request: Request,
  input: { user: SessionUser; organizationId: string; cohortId?: string },
): Promise<
  | { status: 'saved'; cohortId: string; promoted: number }
  | { status: 'invalid'; reply: CohortFormReply }
> {
  const values = formValues(await readFormData(request));
  const coach = () =>
    getPersonOption(context.db, { organizationId: input.organizationId, personId: values.coachId });
  const parsed = CohortFormSchema.safeParse(values);
  if (!parsed.success)
    return {
      status: 'invalid',
      reply: { errors: fieldErrorsOf(parsed.error), values, coach: await coach() },
    };

  if (!input.cohortId) {
    const created = await createCohort(context.db, { actor: input.user, values: parsed.data });
    return created.status === 'created'
      ? { status: 'saved', cohortId: created.cohortId, promoted: 0 }
      : { status: 'invalid', reply: { errors: created.errors, values, coach: await coach() } };
  }
  const updated = await updateCohort(context.db, {
    cohortId: input.cohortId,
    actor: input.user,
    values: parsed.data,
    appOrigin: appOriginOf(request, context.env),
  });
  return updated.status === 'updated'
    ? { status: 'saved', cohortId: input.cohortId, promoted: updated.promoted }
    : { status: 'invalid', reply: { errors: updated.errors, values, coach: await coach() } };
}

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

export function timeZoneList(extra: string[] = []) {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  for (const zone of extra) zones.add(zone);
  return [...zones].sort();
}

/** The programs and people of `owner`'s organization: the person's for a new cohort, the cohort's for its settings. */
export async function loadCohortFormOptions(
  context: AppLoadContext,
  owner: { organizationId: string },
) {
  const options = await getCohortFormOptions(context.db, owner.organizationId);
  return {
    ...options,
    timezones: timeZoneList([options.defaultTimezone]),
    suggestedSpan: defaultCohortSpan(new Date(), options.defaultTimezone),
  };
}

export interface CohortFormReply {
  errors: FieldErrors;
  values: Record<string, string>;
}

function formValues(form: FormData) {
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
  input: { user: SessionUser; cohortId?: string },
): Promise<
  | { status: 'saved'; cohortId: string; promoted: number }
  | { status: 'invalid'; reply: CohortFormReply }
> {
  const values = formValues(await readFormData(request));
  const parsed = CohortFormSchema.safeParse(values);
  if (!parsed.success)
    return { status: 'invalid', reply: { errors: fieldErrorsOf(parsed.error), values } };

  if (!input.cohortId) {
    const created = await createCohort(context.db, { actor: input.user, values: parsed.data });
    return created.status === 'created'
      ? { status: 'saved', cohortId: created.cohortId, promoted: 0 }
      : { status: 'invalid', reply: { errors: created.errors, values } };
  }
  const updated = await updateCohort(context.db, {
    cohortId: input.cohortId,
    actor: input.user,
    values: parsed.data,
    appOrigin: appOriginOf(request, context.env),
  });
  return updated.status === 'updated'
    ? { status: 'saved', cohortId: input.cohortId, promoted: updated.promoted }
    : { status: 'invalid', reply: { errors: updated.errors, values } };
}

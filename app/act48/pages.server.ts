import { redirect, type AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { requireUser } from '../auth/session.server';
import { formatHours, sourceLabels } from '../hours/ledger.server';
import { readFormData } from '../http/form.server';
import {
  forbidden,
  may,
  notFound,
  requireCohortRole,
  requireOrgAdmin,
} from '../permissions/permissions.server';
import { csvAttachment, fileSlug, toCsv } from '../utils/csv.server';
import { formatDateTime, formatDay } from '../utils/dates';
import { isUuid } from '../utils/ids';
import { savableText } from '../utils/savable-text.server';
import { redirectWithToast } from '../utils/toast.server';
import {
  entryStateLabels,
  getChapter14Totals,
  getCohortAct48Setting,
  getHoursBreakdown,
  getPeopleWithoutPpid,
  getPromiseQueue,
  saveCohortAct48Setting,
} from './act48.server';
import {
  createPermsBatch,
  getPermsBatchRows,
  getUnsentPermsEntries,
  listPermsBatches,
} from './perms-batches.server';
import {
  EvaluationSchema,
  evaluationsCsv,
  getOwnEvaluation,
  saveEvaluation,
} from './evaluation.server';
import { PERMS_COLUMNS, type PermsRow } from './perms-format';
import { describeDaysLeft } from './promise';

// ---------------------------------------------------------------------------------------
// the cohort's Act 48 page (facilitators and org admins)

export const Act48SettingsSchema = z.object({
  // always sent by the form, so an empty post is not read as "turn everything off"
  intent: z.literal('save', { error: 'That action was not understood.' }),
  evaluationRequired: z
    .enum(['on'], { error: 'Tick the box or leave it empty.' })
    .optional()
    .transform((value) => value === 'on'),
  permsActivityId: savableText()
    .trim()
    .max(40, 'A PERMS activity id is at most 40 characters.')
    .refine((value) => value === '' || /^[A-Za-z0-9-]+$/.test(value), {
      message: 'Use the letters, digits and dashes of the id PERMS gave the activity.',
    })
    .optional()
    .transform((value) => (value ? value : null)),
});

export async function loadCohortAct48Page(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { cohort } = await requireCohortRole(context.db, request, cohortId, 'administer');
  const [setting, missing, participants] = await Promise.all([
    getCohortAct48Setting(context.db, cohort.id),
    getPeopleWithoutPpid(context.db, { cohortId: cohort.id }),
    context.db
      .selectFrom('cohort_member')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .leftJoin('program_evaluation', (join) =>
        join
          .onRef('program_evaluation.cohort_id', '=', 'cohort_member.cohort_id')
          .onRef('program_evaluation.user_id', '=', 'cohort_member.user_id'),
      )
      .select([
        'app_user.id as userId',
        'app_user.name',
        'app_user.is_paraprofessional as isParaprofessional',
        'program_evaluation.submitted_at as evaluatedAt',
      ])
      .where('cohort_member.cohort_id', '=', cohort.id)
      .where('cohort_member.role', '=', 'participant')
      .where('cohort_member.status', 'in', ['active', 'completed'])
      .orderBy('app_user.name')
      .execute(),
  ]);
  return {
    cohort: { id: cohort.id, name: cohort.name },
    setting,
    missing: missing.map((person) => ({ userId: person.userId, name: person.name })),
    participants: participants.map((person) => ({
      userId: person.userId,
      name: person.name,
      reportedAs: person.isParaprofessional ? 'Chapter 14' : 'Act 48',
      evaluated: person.evaluatedAt
        ? formatDateTime(new Date(person.evaluatedAt).toISOString(), cohort.timezone)
        : null,
    })),
    evaluationsIn: participants.filter((person) => person.evaluatedAt).length,
  };
}

export async function submitCohortAct48Settings(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { user, cohort } = await requireCohortRole(context.db, request, cohortId, 'administer');
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: Act48SettingsSchema });
  if (submission.status !== 'success') {
    return { result: submission.reply(), status: 400 as const };
  }
  await saveCohortAct48Setting(context.db, {
    cohortId: cohort.id,
    organizationId: cohort.organizationId,
    actorId: user.id,
    evaluationRequired: submission.value.evaluationRequired,
    permsActivityId: submission.value.permsActivityId,
  });
  throw await redirectWithToast(`/cohorts/${cohort.id}/act48`, {
    kind: 'success',
    message: submission.value.evaluationRequired
      ? 'Saved. Participants’ hours wait for their program evaluation.'
      : 'Saved. Hours are released without an evaluation.',
  });
}

// ---------------------------------------------------------------------------------------
// the participant's evaluation

export async function loadEvaluationPage(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { user, cohort, role } = await requireCohortRole(
    context.db,
    request,
    cohortId,
    'participate',
  );
  if (!may(role, 'participate'))
    forbidden('The program evaluation is for the cohort’s participants.');
  const [setting, own] = await Promise.all([
    getCohortAct48Setting(context.db, cohort.id),
    getOwnEvaluation(context.db, { cohortId: cohort.id, userId: user.id }),
  ]);
  return {
    cohort: { id: cohort.id, name: cohort.name },
    userId: user.id,
    required: setting.evaluationRequired,
    submittedAt: own
      ? formatDateTime(new Date(own.submittedAt).toISOString(), cohort.timezone)
      : null,
  };
}

export async function submitEvaluationForm(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { user, cohort, role } = await requireCohortRole(
    context.db,
    request,
    cohortId,
    'participate',
  );
  if (!may(role, 'participate'))
    forbidden('The program evaluation is for the cohort’s participants.');
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: EvaluationSchema });
  if (submission.status !== 'success') {
    return { result: submission.reply(), status: 400 as const };
  }
  const outcome = await saveEvaluation(context.db, {
    cohortId: cohort.id,
    organizationId: cohort.organizationId,
    userId: user.id,
    answers: submission.value,
  });
  throw await redirectWithToast(`/cohorts/${cohort.id}/evaluation`, {
    kind: outcome === 'saved' ? 'success' : 'info',
    message:
      outcome === 'saved'
        ? 'Thank you. Your evaluation is in and your hours are released.'
        : 'Your evaluation was already in; nothing changed.',
  });
}

export async function evaluationCsvResponse(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { cohort } = await requireCohortRole(context.db, request, cohortId, 'administer');
  const anonymous = new URL(request.url).searchParams.get('anonymous') === '1';
  const { csv } = await evaluationsCsv(context.db, {
    cohortId: cohort.id,
    anonymous,
    timeZone: cohort.timezone,
  });
  return csvAttachment(
    csv,
    `${fileSlug(cohort.name)}-evaluations${anonymous ? '-anonymous' : ''}.csv`,
  );
}

// ---------------------------------------------------------------------------------------
// how one person's hours were counted

export async function loadHoursBreakdownPage(
  context: AppLoadContext,
  request: Request,
  params: { cohortId?: string; userId?: string },
) {
  const { user, cohort, role } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'view',
  );
  const userId = params.userId ?? '';
  if (!may(role, 'manage') && userId !== user.id) {
    forbidden('You can see how your own hours were counted.');
  }
  if (!isUuid(userId)) notFound('We could not find that participant in this cohort.');
  const breakdown = await getHoursBreakdown(context.db, { cohortId: cohort.id, userId });
  if (!breakdown) notFound('We could not find that participant in this cohort.');
  const tz = cohort.timezone;
  const total = breakdown.entries.reduce((sum, entry) => sum + entry.hours, 0);
  return {
    cohort: { id: cohort.id, name: cohort.name },
    isStaff: may(role, 'manage'),
    person: {
      name: breakdown.person.name,
      hasPpid: breakdown.person.stateEducatorId !== null,
      reportedAs: breakdown.person.isParaprofessional ? 'Chapter 14' : 'Act 48',
    },
    rules: breakdown.rules,
    totalLabel: formatHours(Math.round(total * 100) / 100),
    sessions: breakdown.sessions.map((session) => ({
      id: session.id,
      title: session.title,
      when: formatDateTime(session.startsAt, tz),
      scheduledMinutes: session.scheduledMinutes,
      minutesCredited: Math.min(session.minutesCredited, session.scheduledMinutes),
      present: session.present,
      overrideReason: session.overrideReason,
    })),
    creditedMinutes: breakdown.sessions.reduce(
      (sum, session) => sum + Math.min(session.minutesCredited, session.scheduledMinutes),
      0,
    ),
    scheduledMinutes: breakdown.sessions.reduce(
      (sum, session) => sum + session.scheduledMinutes,
      0,
    ),
    entries: breakdown.entries.map((entry) => ({
      id: entry.id,
      source: entry.source,
      sourceLabel: sourceLabels[entry.source],
      hoursLabel: `${entry.hours > 0 ? '+' : ''}${formatHours(entry.hours)}`,
      reason: entry.reason,
      when: formatDateTime(entry.awardedAt, tz),
      stateLabel: entryStateLabels[entry.state],
      state: entry.state,
      sentOn: entry.sentAt ? formatDay(entry.sentAt, tz) : null,
      microCredential: entry.microCredential
        ? {
            ...entry.microCredential,
            earnedOn: entry.microCredential.earnedAt
              ? formatDay(entry.microCredential.earnedAt, tz)
              : null,
          }
        : null,
    })),
  };
}

// ---------------------------------------------------------------------------------------
// the organization's Act 48 page (org admins)

async function requireAct48Admin(context: AppLoadContext, request: Request) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'Act 48 reporting is open to your organization’s admins only.');
  const organization = await context.db
    .selectFrom('organization')
    .select([
      'id',
      'name',
      'timezone',
      'provider_name as providerName',
      'provider_number as providerNumber',
    ])
    .where('id', '=', user.organizationId)
    .executeTakeFirstOrThrow();
  return { user, organization };
}

export async function loadOrganizationAct48Page(context: AppLoadContext, request: Request) {
  const { organization } = await requireAct48Admin(context, request);
  const tz = organization.timezone;
  const [queue, missing, chapter14] = await Promise.all([
    getPromiseQueue(context.db, { organizationId: organization.id, timeZone: tz }),
    getPeopleWithoutPpid(context.db, { organizationId: organization.id }),
    getChapter14Totals(context.db, { organizationId: organization.id, timeZone: tz }),
  ]);
  return {
    organization: { name: organization.name, timezone: tz },
    queue: queue.map((item) => ({
      id: item.id,
      name: item.name,
      userId: item.userId,
      cohortId: item.cohortId,
      cohortName: item.cohortName,
      what: `${sourceLabels[item.source]} · ${formatHours(item.hours)}`,
      reportedAs: item.chapter14 ? 'Chapter 14' : 'Act 48',
      confirmedOn: formatDay(item.confirmedAt, tz),
      dueOn: formatDay(`${item.dueOn}T12:00:00Z`, 'UTC'),
      daysLeft: item.daysLeft,
      daysLeftLabel: describeDaysLeft(item.daysLeft),
      overdue: item.overdue,
      waitingFor: item.waitingFor,
    })),
    overdueCount: queue.filter((item) => item.overdue).length,
    missing: missing.map((person) => ({
      userId: person.userId,
      name: person.name,
      email: person.email,
      cohorts: person.cohorts,
    })),
    chapter14,
  };
}

function permsCsv(rows: PermsRow[]) {
  return toCsv([
    [...PERMS_COLUMNS],
    ...rows.map((row) => PERMS_COLUMNS.map((column) => row[column])),
  ]);
}

export async function loadPermsPage(context: AppLoadContext, request: Request) {
  const { organization } = await requireAct48Admin(context, request);
  const [unsent, batches] = await Promise.all([
    getUnsentPermsEntries(context.db, organization.id),
    listPermsBatches(context.db, organization.id),
  ]);
  const tz = organization.timezone;
  return {
    organization: {
      name: organization.name,
      providerNumber: organization.providerNumber,
      timezone: tz,
    },
    readyCount: unsent.filter((entry) => entry.problem === null).length,
    unsent: unsent.map((entry) => ({
      id: entry.id,
      name: entry.name,
      userId: entry.userId,
      cohortId: entry.cohortId,
      cohortName: entry.cohortName,
      sourceLabel: sourceLabels[entry.source],
      hoursLabel: formatHours(entry.hours),
      completedOn: formatDay(`${entry.completedOn}T12:00:00Z`, 'UTC'),
      problem: entry.problem,
    })),
    batches: batches.map((batch) => ({
      ...batch,
      sentAtLabel: formatDateTime(batch.sentAt, tz),
    })),
  };
}

export const PermsExportSchema = z.object({
  confirm: z.literal('mark-sent', { error: 'Confirm that this upload marks the entries as sent.' }),
});

/** Makes a batch of every ready entry and sends the browser to its upload file. */
export async function submitPermsExport(context: AppLoadContext, request: Request) {
  const { user, organization } = await requireAct48Admin(context, request);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: PermsExportSchema });
  if (submission.status !== 'success') {
    return { result: submission.reply(), status: 400 as const };
  }
  const batch = await createPermsBatch(context.db, {
    organizationId: organization.id,
    actorId: user.id,
  });
  if (!batch) {
    throw await redirectWithToast('/admin/act48/perms', {
      kind: 'error',
      message: 'No entry is ready for PERMS, so no batch was made.',
    });
  }
  // the browser follows this to the batch's file and downloads it, staying on the page
  throw redirect(`/admin/act48/perms/${batch.batchId}.csv`);
}

/** The file for every ready entry, without marking anything. */
export async function permsPreviewResponse(context: AppLoadContext, request: Request) {
  const { organization } = await requireAct48Admin(context, request);
  const unsent = await getUnsentPermsEntries(context.db, organization.id);
  const rows = unsent.filter((entry) => entry.problem === null).map((entry) => entry.row);
  return csvAttachment(permsCsv(rows), 'perms-upload-preview.csv');
}

export async function permsBatchResponse(
  context: AppLoadContext,
  request: Request,
  batchId: string | undefined,
) {
  const { organization } = await requireAct48Admin(context, request);
  if (!isUuid(batchId ?? '')) notFound('We could not find that batch.');
  const rows = await getPermsBatchRows(context.db, {
    organizationId: organization.id,
    batchId: batchId!,
  });
  if (!rows) notFound('We could not find that batch.');
  return csvAttachment(permsCsv(rows), `perms-upload-${batchId!.slice(0, 8)}.csv`);
}

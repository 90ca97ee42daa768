import type { AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { getPeopleWithoutPpid } from '../act48/act48.server';
import { may, requireCohortRole } from '../permissions/permissions.server';
import { formatDateTime } from '../utils/dates';
import { redirectWithToast } from '../utils/toast.server';
import {
  addAdjustment,
  formatHours,
  getCohortLedger,
  getCohortTotals,
  getCompletionFacts,
  reverseEntry,
  sourceLabels,
} from './ledger.server';
import { firstErrorMessage, readFormData } from '../http/form.server';
import { newIdempotencyKey, readIdempotencyKey, runOnce } from '../http/idempotency.server';

const reason = z
  .string({ error: 'Give a reason.' })
  .trim()
  .min(3, 'Give a reason of a few words; it shows on the transcript and in the export.')
  .max(500, 'Keep the reason under 500 characters.');

const AdjustSchema = z.object({
  intent: z.literal('adjust'),
  userId: z.string({ error: 'Choose a participant.' }).min(1, 'Choose a participant.'),
  hours: z.coerce
    .number({ error: 'Enter the hours as a number, e.g. 1.5 or -2.' })
    .refine((value) => Number.isFinite(value) && value !== 0, 'Enter hours other than zero.')
    .refine((value) => Math.abs(value) <= 100, 'An adjustment is at most 100 hours either way.')
    .refine(
      (value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6,
      'Use at most two decimals.',
    ),
  reason,
});

const ReverseSchema = z.object({
  intent: z.literal('reverse'),
  entryId: z.string({ error: 'Choose an entry.' }).min(1, 'Choose an entry.'),
  reason,
});

const LedgerActionSchema = z.discriminatedUnion('intent', [AdjustSchema, ReverseSchema], {
  error: 'That action was not understood.',
});

/** The cohort hours page: totals, who has met the completion rule, and every entry. */
export async function loadHoursPage(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { cohort, role } = await requireCohortRole(context.db, request, cohortId, 'manage');
  const [totals, facts, ledger, program, withoutPpid] = await Promise.all([
    getCohortTotals(context.db, cohort.id),
    getCompletionFacts(context.db, { cohortId: cohort.id }),
    getCohortLedger(context.db, cohort.id),
    context.db
      .selectFrom('cohort')
      .innerJoin('program', 'program.id', 'cohort.program_id')
      .select([
        'program.hours_for_completing as hoursForCompleting',
        'program.attendance_threshold_percent as thresholdPercent',
      ])
      .where('cohort.id', '=', cohort.id)
      .executeTakeFirstOrThrow(),
    getPeopleWithoutPpid(context.db, { cohortId: cohort.id }),
  ]);
  const factsByUser = new Map(facts.map((fact) => [fact.userId, fact]));
  return {
    cohort: { id: cohort.id, name: cohort.name, status: cohort.status },
    canEdit: may(role, 'administer'),
    idempotencyKey: newIdempotencyKey(),
    hoursForCompleting: formatHours(Number(program.hoursForCompleting)),
    thresholdPercent: program.thresholdPercent,
    withoutPpid: withoutPpid.map((person) => ({ userId: person.userId, name: person.name })),
    people: totals.map((person) => {
      const fact = factsByUser.get(person.userId);
      return {
        ...person,
        totalLabel: formatHours(person.total),
        progress: !fact
          ? '—'
          : fact.modulesAssigned === 0
            ? 'none assigned yet'
            : `${fact.modulesCompleted} of ${fact.modulesAssigned}`,
        attendance: !fact
          ? '—'
          : fact.sessionsHeld === 0
            ? 'none held yet'
            : `${fact.sessionsAttended} of ${fact.sessionsHeld} (${fact.attendancePercent}%)`,
        meetsRule: fact ? fact.pathwayComplete && fact.attendanceMet : false,
      };
    }),
    entries: ledger.map((entry) => ({
      ...entry,
      sourceLabel: sourceLabels[entry.source],
      hoursLabel: `${entry.hours > 0 ? '+' : ''}${formatHours(entry.hours)}`,
      when: formatDateTime(entry.awardedAt, cohort.timezone),
      reversible: entry.source !== 'reversal' && entry.reversedBy === null,
    })),
  };
}

/** Adjust or reverse; facilitators (and org admins) only. Ends in a redirect with a toast. */
export async function submitHoursAction(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { user, cohort } = await requireCohortRole(context.db, request, cohortId, 'administer');
  const page = `/cohorts/${cohort.id}/hours`;
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: LedgerActionSchema });
  if (submission.status !== 'success') {
    // a refused reversal goes back to its confirmation, where the reason is typed again
    const { intent, entryId } = submission.payload;
    const back =
      intent === 'reverse' && typeof entryId === 'string'
        ? `${page}?${new URLSearchParams({ confirm: 'reverse', entry: entryId })}`
        : page;
    throw await redirectWithToast(back, {
      kind: 'error',
      message: firstErrorMessage(submission.error, 'That action was not understood.'),
    });
  }
  const actor = { id: user.id, organizationId: user.organizationId };
  const action = submission.value;
  const outcome = await runOnce(
    context.db,
    {
      key: readIdempotencyKey(form),
      userId: user.id,
      action: `hours.${action.intent}`,
      input: { cohortId: cohort.id, ...action },
    },
    (db) =>
      action.intent === 'adjust'
        ? addAdjustment(db, {
            cohortId: cohort.id,
            userId: action.userId,
            hours: action.hours,
            reason: action.reason,
            actor,
          })
        : reverseEntry(db, {
            cohortId: cohort.id,
            entryId: action.entryId,
            reason: action.reason,
            actor,
          }),
  );
  if (outcome.status === 'invalid') {
    throw await redirectWithToast(page, { kind: 'error', message: outcome.message });
  }
  throw await redirectWithToast(page, {
    kind: 'success',
    message:
      action.intent === 'adjust'
        ? `Added ${formatHours(action.hours)} for ${outcome.name}.`
        : `Reversed the entry for ${outcome.name}; their hours net it out.`,
  });
}

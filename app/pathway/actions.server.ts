import type { AppLoadContext } from '@remix-run/node';
import { data } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { readIdempotencyKey, runOnce } from '../http/idempotency.server';
import { appOriginOf } from '../http/origin.server';
import { requireCohortRole } from '../permissions/permissions.server';
import { isRealDay } from '../utils/dates';
import { redirectWithToast } from '../utils/toast.server';
import {
  addModule,
  addUnit,
  assignBelow,
  moveModule,
  moveUnit,
  publishPathway,
  removeModule,
  removeUnit,
  updateModule,
  updateUnit,
  type PathwayOutcome,
} from './pathway.server';
import { readFormData } from '../http/form.server';

const id = (what: string) => z.uuid({ error: `That ${what} is not part of this pathway.` });
const title = z
  .string({ error: 'Give the unit a title.' })
  .trim()
  .min(1, 'Give the unit a title.')
  .max(120, 'Keep the title under 120 characters.');
const prompt = z
  .string({ error: 'Write the action-plan step as text.' })
  .trim()
  .max(1000, 'Keep the action-plan step under 1,000 characters.')
  .default('');
const rationale = z
  .string({ error: 'Write the rationale as text.' })
  .trim()
  .max(2000, 'Keep the rationale under 2,000 characters.')
  .default('');
const direction = z.enum(['up', 'down'], { error: 'Move a module up or down.' });

export const PathwayActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('add-unit'), title, actionPlanPrompt: prompt }),
    z.object({
      intent: z.literal('update-unit'),
      unitId: id('unit'),
      title,
      actionPlanPrompt: prompt,
    }),
    z.object({ intent: z.literal('move-unit'), unitId: id('unit'), direction }),
    z.object({ intent: z.literal('remove-unit'), unitId: id('unit') }),
    z.object({
      intent: z.literal('add-module'),
      unitId: id('unit'),
      moduleId: z.uuid({ error: 'That module is not in this program’s catalog.' }),
      rationale,
    }),
    z.object({ intent: z.literal('move-module'), pathwayModuleId: id('module'), direction }),
    z.object({
      intent: z.literal('move-module-to'),
      pathwayModuleId: id('module'),
      toUnitId: id('unit'),
    }),
    z.object({
      intent: z.literal('update-module'),
      pathwayModuleId: id('module'),
      dueOn: z
        .string({ error: 'Choose a due date.' })
        .trim()
        .refine((value) => value === '' || isRealDay(value), 'Choose a real due date.')
        .transform((value) => (value === '' ? null : value)),
      rationale,
      assignTo: z.enum(['everyone', 'some'], {
        error: 'Assign the module to everyone or to some.',
      }),
      // one checkbox per participant, all named memberId
      memberId: z
        .array(z.uuid({ error: 'Assign modules only to participants of this cohort.' }))
        .max(40, 'A cohort has at most 40 participants.')
        .default([]),
    }),
    z.object({
      intent: z.literal('assign-below'),
      pathwayModuleId: id('module'),
      competencyId: z.uuid({ error: 'Choose a competency of this program.' }),
      threshold: z.coerce
        .number({ error: 'The threshold is a score from 1 to 100.' })
        .int('The threshold is a whole number.')
        .min(1, 'The threshold is a score from 1 to 100.')
        .max(100, 'The threshold is a score from 1 to 100.'),
    }),
    z.object({ intent: z.literal('remove-module'), pathwayModuleId: id('module') }),
    z.object({ intent: z.literal('publish') }),
  ],
  { error: 'That change was not understood, so nothing changed.' },
);

/** The pathway editor's actions, for the coach (and org admins); each ends in a redirect. */
export async function handlePathwayAction(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { user, cohort } = await requireCohortRole(context.db, request, cohortId, 'curate');
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: PathwayActionSchema });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const actor = { cohortId: cohort.id, actorId: user.id, organizationId: cohort.organizationId };
  const action = submission.value;
  let outcome: PathwayOutcome;
  switch (action.intent) {
    case 'add-unit':
      outcome = await addUnit(context.db, { ...actor, ...action });
      break;
    case 'update-unit':
      outcome = await updateUnit(context.db, { ...actor, ...action });
      break;
    case 'move-unit':
      outcome = await moveUnit(context.db, { ...actor, ...action });
      break;
    case 'remove-unit':
      outcome = await removeUnit(context.db, { ...actor, ...action });
      break;
    case 'add-module':
      outcome = await addModule(context.db, { ...actor, ...action });
      break;
    case 'move-module':
      outcome = await moveModule(context.db, { ...actor, ...action });
      break;
    case 'move-module-to':
      outcome = await moveModule(context.db, { ...actor, ...action });
      break;
    case 'update-module':
      outcome = await updateModule(context.db, { ...actor, ...action, memberIds: action.memberId });
      break;
    case 'assign-below':
      outcome = await assignBelow(context.db, { ...actor, ...action });
      break;
    case 'remove-module':
      outcome = await removeModule(context.db, { ...actor, ...action });
      break;
    case 'publish':
      // publishing emails every participant: once per click, however often it arrives
      outcome = await runOnce(
        context.db,
        {
          key: readIdempotencyKey(form),
          userId: user.id,
          action: 'pathway.publish',
          input: { cohortId: cohort.id },
        },
        (db) => publishPathway(db, { ...actor, appOrigin: appOriginOf(request, context.env) }),
      );
      break;
  }
  if (outcome.status === 'invalid') {
    return data({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 400 });
  }
  throw await redirectWithToast(`/cohorts/${cohort.id}/pathway`, {
    kind: 'success',
    message: outcome.message,
  });
}

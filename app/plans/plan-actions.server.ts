import { data, type AppLoadContext } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { getParticipantMembership } from '../assessment/assessment.server';
import { appOriginOf } from '../http/origin.server';
import { forbidden, requireCohortRole } from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { redirectWithToast } from '../utils/toast.server';
import { addComment, removeComment, setPlanShared } from './gallery.server';
import {
  reviewPlan,
  reviewsPlans,
  saveDraft,
  startPlan,
  submitPlan,
  withdrawSubmission,
} from './plans.server';
import {
  CommentSchema,
  PlanFormContentSchema,
  ReviewSchema,
  VersionSchema,
  type ReviewInput,
} from './schema.server';
import { setVolunteer } from './share-out.server';
import type { PlanContent } from './content';
import { readIdempotencyKey, runOnce } from '../http/idempotency.server';
import { readFormData } from '../http/form.server';
import { requirePlan } from './pages.server';

type Params = { cohortId?: string; planId?: string };

/** A refused form, named by its intent so the page shows the answer on that form. */
export type PlanActionReply =
  | { intent: string; result: SubmissionResult<string[]> }
  | { conflict: { version: number; theirs: PlanContent; yours: PlanContent } };

function refuse(intent: string, result: SubmissionResult<string[]>) {
  return data<PlanActionReply>({ intent, result }, { status: 400 });
}

const NOT_UNDERSTOOD = 'That was not understood, so nothing changed.';

const StartPlanSchema = z.object({
  unitId: z
    .string({ error: 'Choose a unit of the pathway.' })
    .refine(isUuid, 'Choose a unit of the pathway.'),
});

/** The participant starts the plan of one unit (or is taken to the one already started). */
export async function handlePlansIndexAction(
  context: AppLoadContext,
  request: Request,
  params: Params,
) {
  const { user, cohort } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'participate',
  );
  const membership = await getParticipantMembership(context.db, {
    cohortId: cohort.id,
    userId: user.id,
  });
  if (!membership) forbidden('Only participants write action plans.');
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: StartPlanSchema });
  if (submission.status !== 'success') return refuse('start', submission.reply());
  const outcome = await startPlan(context.db, {
    cohortId: cohort.id,
    memberId: membership.id,
    unitId: submission.value.unitId,
  });
  if (outcome.status === 'invalid') {
    return refuse('start', submission.reply({ formErrors: [outcome.message] }));
  }
  throw await redirectWithToast(`/cohorts/${cohort.id}/plans/${outcome.planId}`, {
    kind: 'success',
    message:
      outcome.status === 'started'
        ? 'Your plan is started. It saves as you type.'
        : 'Here is the plan you started.',
  });
}

const planForm = { version: VersionSchema, ...PlanFormContentSchema.shape };
// where a change made from the share-out's screen comes back to
const returnTo = z.string().optional();

export const PlanActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('save'), ...planForm }),
    z.object({ intent: z.literal('submit'), ...planForm }),
    z.object({ intent: z.literal('review'), ...ReviewSchema.shape }),
    z.object({ intent: z.literal('withdraw-submission') }),
    z.object({ intent: z.literal('share') }),
    z.object({ intent: z.literal('unshare') }),
    z.object({ intent: z.literal('comment'), ...CommentSchema.shape, returnTo }),
    z.object({
      intent: z.literal('remove-comment'),
      commentId: z
        .string({ error: 'Choose a comment to remove.' })
        .refine(isUuid, 'Choose a comment to remove.'),
      returnTo,
    }),
    z.object({ intent: z.literal('volunteer') }),
    z.object({ intent: z.literal('withdraw-volunteer') }),
  ],
  { error: NOT_UNDERSTOOD },
);

const AUTHOR_ONLY = new Set([
  'save',
  'submit',
  'withdraw-submission',
  'share',
  'unshare',
  'volunteer',
  'withdraw-volunteer',
]);

/** Every change to one plan: the guard and the plan's privacy first, then the intent. */
export async function handlePlanAction(context: AppLoadContext, request: Request, params: Params) {
  const { user, cohort, role, plan, how } = await requirePlan(context, request, params);
  const form = await readFormData(request);
  const intent = String(form.get('intent') ?? '');
  // who may ask is settled before the fields are read, so a refusal tells a stranger nothing
  if (AUTHOR_ONLY.has(intent) && how !== 'author') {
    forbidden('Only the plan’s author can do that.');
  }
  if (intent === 'review' && (!reviewsPlans(role) || how === 'author')) {
    forbidden('Only the cohort’s coach answers plans.');
  }
  // empty fields stay empty text: the plan's sections and the notes are checked as typed
  const submission = parseWithZod(form, { schema: PlanActionSchema, disableAutoCoercion: true });
  if (submission.status !== 'success') return refuse(intent, submission.reply());
  const action = submission.value;
  const reply = (message: string, more: string[] = []) =>
    refuse(intent, submission.reply({ formErrors: [message, ...more] }));
  const planPath = `/cohorts/${cohort.id}/plans/${plan.id}`;
  const done = async (message: string, back = planPath) => {
    throw await redirectWithToast(back, { kind: 'success', message });
  };

  switch (action.intent) {
    case 'save':
    case 'submit': {
      const content: PlanContent = {
        goal: action.goal,
        measure: action.measure,
        steps: action.steps,
        support: action.support,
        context: action.context,
      };
      const input = {
        cohortId: cohort.id,
        planId: plan.id,
        authorId: user.id,
        baseVersion: action.version,
        content,
      };
      const outcome =
        action.intent === 'save'
          ? await saveDraft(context.db, input)
          : await submitPlan(context.db, input);
      switch (outcome.status) {
        case 'conflict':
          return data<PlanActionReply>(
            { conflict: { version: outcome.version, theirs: outcome.theirs, yours: content } },
            { status: 409 },
          );
        case 'locked':
          return reply(outcome.message);
        case 'incomplete':
          // the first message says what happened, the rest what is missing
          return reply('The plan is not ready to submit yet.', outcome.missing);
        case 'saved':
          return done('Draft saved.');
        case 'submitted':
          return done('Submitted. Your coach has been told and will answer here.');
      }
      return reply(NOT_UNDERSTOOD);
    }
    case 'review': {
      const review: ReviewInput = {
        decision: action.decision,
        goalNote: action.goalNote,
        measureNote: action.measureNote,
        stepsNote: action.stepsNote,
        supportNote: action.supportNote,
        contextNote: action.contextNote,
        overallNote: action.overallNote,
      };
      // the review emails the author: a double click answers as the first one did
      const outcome = await runOnce(
        context.db,
        {
          key: readIdempotencyKey(form),
          userId: user.id,
          action: 'action-plan.review',
          input: { planId: plan.id, ...review },
        },
        (db) =>
          reviewPlan(db, {
            cohortId: cohort.id,
            organizationId: cohort.organizationId,
            planId: plan.id,
            reviewerId: user.id,
            review,
            appOrigin: appOriginOf(request, context.env),
          }),
      );
      if (outcome.status === 'invalid') return reply(outcome.message);
      return done(
        outcome.decision === 'accepted'
          ? `Accepted. ${plan.authorName} has been told by email.`
          : `Revision requested. ${plan.authorName} has been told by email.`,
      );
    }
    case 'withdraw-submission': {
      const outcome = await withdrawSubmission(context.db, {
        cohortId: cohort.id,
        planId: plan.id,
        authorId: user.id,
      });
      if (outcome.status === 'invalid') return reply(outcome.message);
      return done(outcome.message);
    }
    case 'share':
    case 'unshare': {
      const outcome = await setPlanShared(context.db, {
        cohortId: cohort.id,
        planId: plan.id,
        authorId: user.id,
        shared: action.intent === 'share',
      });
      if (outcome.status === 'invalid') return reply(outcome.message);
      return done(outcome.message);
    }
    case 'comment': {
      const outcome = await addComment(context.db, {
        cohortId: cohort.id,
        planId: plan.id,
        authorId: user.id,
        kind: action.kind,
        body: action.body,
      });
      if (outcome.status === 'invalid') return reply(outcome.message);
      return done(outcome.message, backFrom(action.returnTo, cohort.id, planPath));
    }
    case 'remove-comment': {
      const outcome = await removeComment(context.db, {
        cohortId: cohort.id,
        organizationId: cohort.organizationId,
        planId: plan.id,
        commentId: action.commentId,
        viewer: { userId: user.id, role },
      });
      if (outcome.status === 'forbidden') forbidden(outcome.message);
      if (outcome.status === 'invalid') return reply(outcome.message);
      return done(outcome.message, backFrom(action.returnTo, cohort.id, planPath));
    }
    case 'volunteer':
    case 'withdraw-volunteer': {
      const outcome = await setVolunteer(context.db, {
        cohortId: cohort.id,
        planId: plan.id,
        memberId: plan.memberId,
        volunteer: action.intent === 'volunteer',
      });
      if (outcome.status === 'invalid') return reply(outcome.message);
      return done(outcome.message);
    }
  }
}

const backFrom = (returnTo: string | undefined, cohortId: string, planPath: string) =>
  returnTo === 'share-out' ? `/cohorts/${cohortId}/share-out` : planPath;

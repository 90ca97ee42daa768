import { data, type AppLoadContext } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { forbidden, requireCohortRole, runsShareOut } from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { runLiveCommandFromPage } from '../live/page-actions.server';
import { redirectWithToast } from '../utils/toast.server';
import {
  buildQueue,
  clearSpotlight,
  findShareOutCoachingSession,
  finishShareOut,
  getShareOutState,
  markPresented,
  movePresenter,
  spotlightPlan,
  startTimer,
} from './share-out.server';
import { readFormData } from '../http/form.server';

type Params = { cohortId?: string };

/** A refused form, named by its intent (and presenter) so the page shows the answer there. */
export interface ShareOutReply {
  intent: string;
  result: SubmissionResult<string[]>;
}

function refuse(intent: string, result: SubmissionResult<string[]>) {
  return data<ShareOutReply>({ intent, result }, { status: 400 });
}

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

export async function loadShareOutPage(context: AppLoadContext, request: Request, params: Params) {
  const { user, cohort, role } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'view',
  );
  const coachingSession = await findShareOutCoachingSession(context.db, cohort.id);
  const runs = runsShareOut(role, coachingSession?.hostId === user.id);
  if (!coachingSession) {
    return {
      cohort: { id: cohort.id, status: cohort.status, timezone: cohort.timezone },
      coachingSession: null,
      runs,
    };
  }
  const state = await getShareOutState(context.db, {
    cohortId: cohort.id,
    coachingSessionId: coachingSession.id,
  });
  return {
    cohort: { id: cohort.id, status: cohort.status, timezone: cohort.timezone },
    runs,
    serverNow: new Date().toISOString(),
    coachingSession: {
      id: coachingSession.id,
      title: coachingSession.title,
      startsAt: iso(coachingSession.startsAt),
    },
    shareOut: state.shareOut
      ? {
          queueBuiltAt: iso(state.shareOut.queueBuiltAt),
          finishedAt: iso(state.shareOut.finishedAt),
          spotlightSetAt: iso(state.shareOut.spotlightSetAt),
        }
      : null,
    presenters: state.presenters.map((presenter) => ({
      memberId: presenter.memberId,
      planId: presenter.planId,
      name: presenter.name,
      isMe: presenter.userId === user.id,
      unitTitle: presenter.unitTitle,
      volunteered: presenter.volunteeredAt !== null,
      timerStartedAt: iso(presenter.timerStartedAt),
      timerSeconds: presenter.timerSeconds,
      presented: presenter.presentedAt !== null,
    })),
    spotlight: state.spotlight,
    comments: state.comments.map(({ authorId, ...comment }) => ({
      ...comment,
      createdAt: iso(comment.createdAt) ?? '',
      removable: authorId === user.id || runs,
    })),
  };
}

const presenter = z.string({ error: 'Choose a presenter.' }).refine(isUuid, 'Choose a presenter.');

export const ShareOutActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('build-queue') }),
    z.object({
      intent: z.literal('move'),
      memberId: presenter,
      direction: z.enum(['up', 'down'], { error: 'Move a presenter up or down.' }),
    }),
    z.object({
      intent: z.literal('start-timer'),
      memberId: presenter,
      minutes: z.coerce
        .number({ error: 'Give the talk length in minutes.' })
        .int('Give whole minutes.')
        .min(1, 'A talk lasts at least 1 minute.')
        .max(60, 'A talk lasts at most 60 minutes.'),
    }),
    z.object({
      intent: z.literal('presented'),
      memberId: presenter,
      presented: z.enum(['yes', 'no'], { error: 'Mark the talk presented or not.' }),
    }),
    z.object({
      intent: z.literal('spotlight'),
      planId: z.string({ error: 'Choose a plan.' }).refine(isUuid, 'Choose a plan.'),
    }),
    z.object({ intent: z.literal('clear-spotlight') }),
    z.object({
      intent: z.literal('finish'),
      confirm: z.literal('yes', { error: 'Confirm to finish.' }),
    }),
  ],
  { error: 'That was not understood.' },
);

export async function handleShareOutAction(
  context: AppLoadContext,
  request: Request,
  params: Params,
) {
  const { user, cohort, role } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'view',
  );
  const coachingSession = await findShareOutCoachingSession(context.db, cohort.id);
  const runs = runsShareOut(role, coachingSession?.hostId === user.id);
  if (!runs) forbidden('Only the facilitator runs the share-out.');
  const form = await readFormData(request);
  const intent = String(form.get('intent') ?? '');
  const submission = parseWithZod(form, { schema: ShareOutActionSchema });
  if (!coachingSession) {
    return refuse(
      intent,
      submission.reply({
        formErrors: ['Schedule a share-out coaching session first (Sessions → New).'],
      }),
    );
  }
  if (submission.status !== 'success') return refuse(intent, submission.reply());
  const reply = (message: string) => refuse(intent, submission.reply({ formErrors: [message] }));
  const base = { cohortId: cohort.id, coachingSessionId: coachingSession.id };
  const input = submission.value;
  let outcome: { status: 'done'; message: string } | { status: 'invalid'; message: string };
  switch (input.intent) {
    case 'build-queue':
      outcome = await buildQueue(context.db, base);
      break;
    case 'move':
      outcome = await movePresenter(context.db, {
        ...base,
        memberId: input.memberId,
        direction: input.direction,
      });
      break;
    case 'start-timer':
      outcome = await startTimer(context.db, {
        ...base,
        memberId: input.memberId,
        seconds: input.minutes * 60,
      });
      break;
    case 'presented':
      outcome = await markPresented(context.db, {
        ...base,
        memberId: input.memberId,
        presented: input.presented === 'yes',
      });
      break;
    case 'spotlight': {
      // the live room puts the plan on every screen first; only then is it recorded here
      const live = await runLiveCommandFromPage(context, {
        userId: user.id,
        command: 'spotlight:set',
        payload: {
          coachingSessionId: coachingSession.id,
          target: { kind: 'action-plan', planId: input.planId },
        },
      });
      if ('error' in live) return reply(live.error ?? 'The live room did not take that.');
      const result = await spotlightPlan(context.db, {
        ...base,
        planId: input.planId,
        actorId: user.id,
      });
      outcome =
        result.status === 'done'
          ? { status: 'done', message: `${result.plan.authorName}’s plan is on every screen.` }
          : result;
      break;
    }
    case 'clear-spotlight': {
      const live = await runLiveCommandFromPage(context, {
        userId: user.id,
        command: 'spotlight:clear',
        payload: { coachingSessionId: coachingSession.id },
      });
      if ('error' in live) return reply(live.error ?? 'The live room did not take that.');
      outcome = await clearSpotlight(context.db, { ...base, actorId: user.id });
      break;
    }
    case 'finish':
      outcome = await finishShareOut(context.db, {
        ...base,
        organizationId: cohort.organizationId,
        actorId: user.id,
      });
      break;
  }
  if (outcome.status === 'invalid') return reply(outcome.message);
  throw await redirectWithToast(`/cohorts/${cohort.id}/share-out`, {
    kind: 'success',
    message: outcome.message,
  });
}

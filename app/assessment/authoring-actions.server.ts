import { data, type AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import type { SubmissionResult } from '@conform-to/react';
import { z } from 'zod';
import { isUuid } from '../utils/ids';
import { redirectWithToast } from '../utils/toast.server';
import {
  ItemSubmissionSchema,
  addItem,
  copyToNewVersion,
  createAssessment,
  deleteItem,
  moveItem,
  requireProgramAuthor,
  updateItem,
  type AuthoringOutcome,
} from './authoring.server';
import { readFormData } from '../http/form.server';

/** A refused form: which one (its intent) and Conform's result, with what was typed. */
export interface AuthoringReply {
  intent: string;
  result: SubmissionResult<string[]>;
}

const AuthoringActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('create'),
      title: z
        .string({ error: 'Give the assessment a title.' })
        .trim()
        .min(1, 'Give the assessment a title.')
        .max(200, 'Keep the title under 200 characters.'),
    }),
    z.object({
      intent: z.literal('delete-item'),
      itemId: z.uuid({ error: 'That question is not part of this assessment.' }),
    }),
    z.object({
      intent: z.literal('move-item'),
      itemId: z.uuid({ error: 'That question is not part of this assessment.' }),
      direction: z.enum(['up', 'down'], { error: 'Move a question up or down.' }),
    }),
    z.object({ intent: z.literal('new-version') }),
  ],
  { error: 'That change was not understood; reload the page.' },
);

const CHECK_THE_QUESTION = 'Check the question: some fields need attention.';

function refuse(intent: string, result: SubmissionResult<string[]>) {
  return data<AuthoringReply>({ intent, result }, { status: 400 });
}

/** Ends a change: a refusal comes back on its form, a success redirects with a toast. */
async function finish(
  programId: string,
  intent: string,
  outcome: AuthoringOutcome,
  reply: (options: {
    formErrors: string[];
    fieldErrors?: Record<string, string[]>;
  }) => SubmissionResult<string[]>,
) {
  if (outcome.status === 'invalid') {
    const fieldErrors = Object.fromEntries(
      Object.entries(outcome.errors ?? {}).map(([name, message]) => [name, [message]]),
    );
    return refuse(intent, reply({ formErrors: [outcome.message], fieldErrors }));
  }
  throw await redirectWithToast(`/programs/${programId}/assessment`, {
    kind: 'success',
    message: outcome.message,
  });
}

/** The authoring page's actions: create, add, remove, reorder, copy to a new version. */
export async function handleAuthoringAction(
  context: AppLoadContext,
  request: Request,
  programId: string | undefined,
) {
  const { user, program } = await requireProgramAuthor(context.db, request, programId);
  const form = await readFormData(request);
  if (form.get('intent') === 'add-item') {
    const submission = parseWithZod(form, {
      schema: ItemSubmissionSchema,
      // empty option and level slots are part of the shape; the schema drops them itself
      disableAutoCoercion: true,
    });
    if (submission.status !== 'success') {
      return refuse('add-item', submission.reply({ formErrors: [CHECK_THE_QUESTION] }));
    }
    const outcome = await addItem(context.db, { programId: program.id, item: submission.value });
    return finish(program.id, 'add-item', outcome, (options) => submission.reply(options));
  }
  const submission = parseWithZod(form, { schema: AuthoringActionSchema });
  const intent = String(form.get('intent') ?? '');
  if (submission.status !== 'success') return refuse(intent, submission.reply());
  const action = submission.value;
  const reply = (options: Parameters<typeof submission.reply>[0]) => submission.reply(options);
  switch (action.intent) {
    case 'create':
      return finish(
        program.id,
        intent,
        await createAssessment(context.db, {
          programId: program.id,
          organizationId: program.organizationId,
          actorId: user.id,
          title: action.title,
        }),
        reply,
      );
    case 'delete-item':
      return finish(
        program.id,
        intent,
        await deleteItem(context.db, { programId: program.id, itemId: action.itemId }),
        reply,
      );
    case 'move-item':
      return finish(
        program.id,
        intent,
        await moveItem(context.db, { programId: program.id, ...action }),
        reply,
      );
    case 'new-version':
      return finish(
        program.id,
        intent,
        await copyToNewVersion(context.db, {
          programId: program.id,
          organizationId: program.organizationId,
          actorId: user.id,
        }),
        reply,
      );
  }
}

/** Saves an edited question. */
export async function handleItemEdit(
  context: AppLoadContext,
  request: Request,
  params: { programId?: string; itemId?: string },
) {
  const { program } = await requireProgramAuthor(context.db, request, params.programId);
  const form = await readFormData(request);
  const submission = parseWithZod(form, {
    schema: ItemSubmissionSchema,
    // empty option and level slots are part of the shape; the schema drops them itself
    disableAutoCoercion: true,
  });
  if (!isUuid(params.itemId)) {
    return refuse(
      'update-item',
      submission.reply({ formErrors: ['That question is not part of this assessment.'] }),
    );
  }
  if (submission.status !== 'success') {
    return refuse('update-item', submission.reply({ formErrors: [CHECK_THE_QUESTION] }));
  }
  const outcome = await updateItem(context.db, {
    programId: program.id,
    itemId: params.itemId,
    item: submission.value,
  });
  return finish(program.id, 'update-item', outcome, (options) => submission.reply(options));
}

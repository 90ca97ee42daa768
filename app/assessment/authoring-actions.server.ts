import { data, type AppLoadContext } from '@remix-run/node';
import { z } from 'zod';
import { isUuid } from '../utils/ids';
import { redirectWithToast } from '../utils/toast.server';
import {
  ItemFormSchema,
  addItem,
  copyToNewVersion,
  createAssessment,
  deleteItem,
  itemErrorsOf,
  itemFieldsOf,
  moveItem,
  requireProgramAuthor,
  updateItem,
  type AuthoringOutcome,
  type ItemFieldErrors,
} from './authoring.server';
import { readFormData } from '../http/form.server';

export interface AuthoringReply {
  error: string;
  errors?: ItemFieldErrors;
  /** what was typed, so a refused question form comes back filled in */
  values?: {
    kind: string;
    competencyId: string;
    prompt: string;
    levels: string[];
    options: string[];
    correct: number[];
  };
}

function reply(message: string, errors?: ItemFieldErrors, form?: FormData) {
  return data<AuthoringReply>(
    { error: message, errors, values: form ? typedValues(form) : undefined },
    { status: 400 },
  );
}

function typedValues(form: FormData): NonNullable<AuthoringReply['values']> {
  const fields = itemFieldsOf(form);
  const asText = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    kind: asText(fields.kind),
    competencyId: asText(fields.competencyId),
    prompt: asText(fields.prompt),
    levels: fields.levels.map(asText),
    options: fields.options.map(asText),
    correct: fields.correct.map(Number).filter((index) => Number.isInteger(index)),
  };
}

const SimpleActionSchema = z.discriminatedUnion('intent', [
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
]);

async function finish(programId: string, outcome: AuthoringOutcome) {
  if (outcome.status === 'invalid') return reply(outcome.message, outcome.errors);
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
    const parsed = ItemFormSchema.safeParse(itemFieldsOf(form));
    if (!parsed.success) {
      const errors = itemErrorsOf(parsed.error);
      return reply('Check the question: some fields need attention.', errors, form);
    }
    const outcome = await addItem(context.db, { programId: program.id, item: parsed.data });
    if (outcome.status === 'invalid') return reply(outcome.message, outcome.errors, form);
    return finish(program.id, outcome);
  }
  const parsed = SimpleActionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    return reply(parsed.error.issues[0]?.message ?? 'That change was not understood.');
  }
  const action = parsed.data;
  switch (action.intent) {
    case 'create':
      return finish(
        program.id,
        await createAssessment(context.db, {
          programId: program.id,
          organizationId: program.organizationId,
          actorId: user.id,
          title: action.title,
        }),
      );
    case 'delete-item':
      return finish(
        program.id,
        await deleteItem(context.db, { programId: program.id, itemId: action.itemId }),
      );
    case 'move-item':
      return finish(program.id, await moveItem(context.db, { programId: program.id, ...action }));
    case 'new-version':
      return finish(
        program.id,
        await copyToNewVersion(context.db, {
          programId: program.id,
          organizationId: program.organizationId,
          actorId: user.id,
        }),
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
  if (!isUuid(params.itemId)) return reply('That question is not part of this assessment.');
  const form = await readFormData(request);
  const parsed = ItemFormSchema.safeParse(itemFieldsOf(form));
  if (!parsed.success) {
    return reply(
      'Check the question: some fields need attention.',
      itemErrorsOf(parsed.error),
      form,
    );
  }
  const outcome = await updateItem(context.db, {
    programId: program.id,
    itemId: params.itemId,
    item: parsed.data,
  });
  if (outcome.status === 'invalid') return reply(outcome.message, outcome.errors, form);
  return finish(program.id, outcome);
}

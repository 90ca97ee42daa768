import type { SubmissionResult } from '@conform-to/react';
import { z } from 'zod';
import {
  findUnsavableText,
  isSavableText,
  UNSAVABLE_TEXT_MESSAGE,
} from '../utils/savable-text.server';

/**
 * The submitted form, every field of it checked once here. A body that is not a form (JSON,
 * plain text, a broken multipart stream) is something any client can send, so it is
 * answered with 400, never a 500; so is a field holding text PostgreSQL cannot store.
 */
export async function readFormData(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw Response.json(
      {
        status: 'invalid',
        message: 'The form could not be read, so nothing changed. Send it from the page again.',
      },
      { status: 400, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  // the forms read here take text only; uploads stream through their own readers
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string') {
      throw Response.json(
        {
          status: 'invalid',
          field: name,
          message: `Nothing was saved: “${name}” arrived as a file, and this form takes no files. Send it from the page again.`,
        },
        { status: 400, headers: { 'Cache-Control': 'no-store' } },
      );
    }
  }
  return requireSavableForm(form);
}

/**
 * The first message of a refused submission, for the pages that answer a refusal with a toast
 * instead of the form with its fields marked.
 */
export function firstErrorMessage(
  error: Record<string, readonly string[] | null> | null | undefined,
  fallback: string,
): string {
  return Object.values(error ?? {}).flatMap((messages) => messages ?? [])[0] ?? fallback;
}

/** a refusal that no submission holds (an upload that could not be read): its fields' messages */
export function refusedResult(fieldErrors: Record<string, string[]>): SubmissionResult<string[]> {
  return { status: 'error', error: fieldErrors };
}

/**
 * A preview's rows, sent back as JSON in a hidden field of the confirm form. Anything that is
 * not what a preview wrote is a preview too old (or too tampered with) to trust.
 */
export function previewPayload<T extends z.ZodType>(schema: T, expired: string) {
  return z.string({ error: expired }).transform((text, ctx): z.output<T> => {
    let value: unknown = null;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: refused below like any other stale payload
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    ctx.issues.push({ code: 'custom', message: expired, input: text });
    return z.NEVER;
  });
}

/** The first field whose name, text or file name cannot be saved, or null. */
export function findUnsavableField(form: FormData): string | null {
  for (const [name, value] of form.entries()) {
    if (!isSavableText(name)) return '(a field name)';
    const text = typeof value === 'string' ? value : value.name;
    if (!isSavableText(text)) return name;
  }
  return null;
}

/**
 * Refuses a form with a field that cannot be saved: 400 naming the field, in the shape the
 * pages' error boundary and the autosaving editors read (`message`, `status: 'invalid'`).
 * Forms parsed elsewhere (streamed uploads) pass through here too.
 */
export function requireSavableForm(form: FormData): FormData {
  const field = findUnsavableField(form);
  if (field !== null) throw unsavableTextResponse(field);
  const listed = findOverlongListField(form);
  if (listed !== null) throw unknownFieldResponse(listed);
  return form;
}

/** the longest list a page of ours posts is far shorter (a plan's steps, a rubric's criteria) */
export const MAX_FIELD_LIST_INDEX = 999;

/**
 * The first field whose name places it far down a list (`steps[1000000]`), or null. Forms are
 * parsed by their field names, and such a name would build a list of a million empty places,
 * to be held and sent back with the form's errors.
 */
export function findOverlongListField(form: FormData): string | null {
  for (const name of form.keys()) {
    for (const [, index] of name.matchAll(/\[(\d+)\]/g)) {
      if (index!.length > 3 || Number(index) > MAX_FIELD_LIST_INDEX) return name;
    }
  }
  return null;
}

function unknownFieldResponse(field: string) {
  return Response.json(
    {
      status: 'invalid',
      field: field.slice(0, 100),
      message:
        'Nothing was saved: the form has a field our pages never send. Send it from the page again.',
    },
    { status: 400, headers: { 'Cache-Control': 'no-store' } },
  );
}

export function unsavableTextResponse(field: string) {
  return Response.json(
    {
      status: 'invalid',
      field,
      message: `Nothing was saved: the field “${field}” has a problem. ${UNSAVABLE_TEXT_MESSAGE}`,
    },
    { status: 400, headers: { 'Cache-Control': 'no-store' } },
  );
}

/**
 * A JSON request body, parsed, with every string in it checked: a body that is not JSON or
 * holds unsavable text is answered with 400 in the same shape as a refused form.
 */
export async function readJsonBody(request: Request): Promise<unknown> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw Response.json(
      { status: 'invalid', message: 'That was not understood, so nothing was saved.' },
      { status: 400, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const field = findUnsavableText(body);
  if (field !== null) throw unsavableTextResponse(field);
  return body;
}

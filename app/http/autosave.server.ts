import { z } from 'zod';
import type { AutosaveAnswer } from '../components/autosave';
import { readFormData, readJsonBody } from './form.server';

/**
 * The one autosave protocol the editors speak (action plans and written evidence): the page
 * sends `{ version, content }` as JSON; the server answers `saved` (200), `conflict` (409,
 * with what is saved now), `locked` (409, with why in plain words) or `invalid` (400, with a
 * message). See docs/decisions/036-one-autosave-protocol.md.
 */
const HTTP_STATUS = { saved: 200, conflict: 409, locked: 409, invalid: 400 } as const;

// an integer column: past its range PostgreSQL refuses the number
export const AutosaveVersionSchema = z.coerce
  .number({ error: 'The version was not understood; reload the page.' })
  .int('The version was not understood; reload the page.')
  .positive('The version was not understood; reload the page.')
  .max(2_147_483_647, 'The version was not understood; reload the page.');

/** One answer as a response; `extra` carries fields older pages read (kept, never relied on). */
export function autosaveReply<T>(answer: AutosaveAnswer<T>, extra: Record<string, unknown> = {}) {
  return Response.json(
    { ...extra, ...answer },
    { status: HTTP_STATUS[answer.status], headers: { 'Cache-Control': 'no-store' } },
  );
}

export function invalidAnswer(message: string, field?: string): AutosaveAnswer<never> {
  return field === undefined
    ? { status: 'invalid', message }
    : { status: 'invalid', message, field };
}

export type AutosaveRequest =
  { ok: true; version: number; content: unknown } | { ok: false; answer: AutosaveAnswer<never> };

/**
 * Reads one save: JSON `{ version, content }`, or the same two fields as a form (a page
 * without scripts, or an older page). `contentField` names a form field read when `content`
 * is absent. A body that cannot be read is answered 400 by the readers themselves.
 */
export async function readAutosaveRequest(
  request: Request,
  options: { contentField?: string } = {},
): Promise<AutosaveRequest> {
  let fields: Record<string, unknown>;
  if (request.headers.get('Content-Type')?.toLowerCase().includes('application/json')) {
    const body = await readJsonBody(request);
    fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } else {
    const form = await readFormData(request);
    fields = {
      version: form.get('version'),
      content:
        form.get('content') ?? (options.contentField ? form.get(options.contentField) : null),
    };
  }
  const version = AutosaveVersionSchema.safeParse(fields.version);
  if (!version.success) {
    return {
      ok: false,
      answer: invalidAnswer('The version was not understood; reload the page.', 'version'),
    };
  }
  return { ok: true, version: version.data, content: fields.content };
}

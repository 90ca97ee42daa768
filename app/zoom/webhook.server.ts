import { createHash } from 'node:crypto';
import type { AppLoadContext } from '@remix-run/node';
import { withTransaction } from '../../db/transaction';
import { readBodyWithin, ZOOM_WEBHOOK_MAX_BYTES } from '../http/body-limit.server';
import { applyZoomEvent, ZoomEventSchema } from '../sessions/zoom-events.server';
import { findUnsavableText } from '../utils/savable-text.server';
import { urlValidationResponse, verifyZoomWebhook } from './webhook-signature.server';

function json(body: unknown, status = 200) {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * POST /webhooks/zoom. The signature is checked over the raw body before anything is
 * parsed; a replayed delivery is recognised by its event id and writes nothing; a meeting
 * that ends queues its participants-report reads, which the background worker makes.
 */
export async function receiveZoomWebhook(context: AppLoadContext, request: Request) {
  const secret = context.env.ZOOM_WEBHOOK_SECRET_TOKEN;
  if (!secret) {
    return json({ message: 'Zoom webhooks are not configured on this server.' }, 404);
  }
  // limitRequestBodies already stops a larger body at the edge; this holds without it too
  const body = await readBodyWithin(request, ZOOM_WEBHOOK_MAX_BYTES);
  if (body.status === 'too-large') {
    return json({ message: 'The request body is too large.' }, 413);
  }
  if (body.status === 'cut-off') return json({ message: 'The body did not arrive whole.' }, 400);
  const rawBody = new TextDecoder().decode(body.bytes);
  const verified = verifyZoomWebhook({
    secret,
    rawBody,
    timestamp: request.headers.get('x-zm-request-timestamp'),
    signature: request.headers.get('x-zm-signature'),
  });
  if (!verified) return json({ message: 'The signature is missing, wrong or too old.' }, 401);

  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(rawBody);
  } catch {
    return json({ message: 'The body is not JSON.' }, 400);
  }

  // zoom never sends these; storing them would fail, so the event is refused whole
  if (findUnsavableText(parsedJson) !== null) {
    return json({ message: 'The event holds text that cannot be stored.' }, 400);
  }

  if (
    typeof parsedJson === 'object' &&
    parsedJson !== null &&
    (parsedJson as { event?: unknown }).event === 'endpoint.url_validation'
  ) {
    const plainToken = (parsedJson as { payload?: { plainToken?: unknown } }).payload?.plainToken;
    if (typeof plainToken !== 'string' || plainToken.length === 0 || plainToken.length > 200) {
      return json({ message: 'The validation request has no plainToken.' }, 400);
    }
    return json(urlValidationResponse(secret, plainToken));
  }

  const parsed = ZoomEventSchema.safeParse(parsedJson);
  if (!parsed.success) return json({ message: 'The event does not look like a Zoom event.' }, 400);
  const event = parsed.data;
  // a retried delivery repeats the event, its time and its payload exactly
  const eventId = createHash('sha256')
    .update(`${event.event}:${event.event_ts ?? ''}:${JSON.stringify(event.payload)}`)
    .digest('hex');

  const outcome = await withTransaction(context.db, async (trx) => {
    const recorded = await trx
      .insertInto('zoom_webhook_event')
      .values({ id: eventId, event: event.event })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!recorded) return { duplicate: true, endedCoachingSessionId: null };
    return { duplicate: false, ...(await applyZoomEvent(trx, event)) };
  });

  return json({ status: outcome.duplicate ? 'duplicate' : 'received' });
}

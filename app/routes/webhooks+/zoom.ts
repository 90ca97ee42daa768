import type { ActionFunctionArgs } from '@remix-run/node';
import { receiveZoomWebhook } from '~/zoom/webhook.server';

// Zoom is the caller: there is no user to guard, the signature check in receiveZoomWebhook is the guard
export async function action({ request, context }: ActionFunctionArgs) {
  return receiveZoomWebhook(context, request);
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { appOriginOf } from '~/http/origin.server';
import { notFound } from '~/permissions/permissions.server';
import { calendarForFeedToken } from '~/sessions/calendar.server';

// calendar apps cannot sign in: the secret in the address is the guard
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = /^(.+)\.ics$/.exec(params.feed ?? '')?.[1] ?? '';
  const ics = await calendarForFeedToken(context.db, {
    token,
    appOrigin: appOriginOf(request, context.env),
  });
  if (!ics) notFound('This calendar address is not valid any more. Make a new one in Cadre.');
  return new Response(ics, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
    },
  });
}

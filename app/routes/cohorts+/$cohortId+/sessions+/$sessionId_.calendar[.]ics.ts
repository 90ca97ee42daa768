import type { LoaderFunctionArgs } from '@remix-run/node';
import { appOriginOf } from '~/http/origin.server';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import { calendarForCoachingSession } from '~/sessions/calendar.server';
import { isUuid } from '~/utils/ids';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'view');
  if (!isUuid(params.sessionId)) notFound('We could not find that coaching session.');
  const calendar = await calendarForCoachingSession(context.db, {
    cohortId: cohort.id,
    coachingSessionId: params.sessionId,
    appOrigin: appOriginOf(request, context.env),
  });
  if (!calendar) notFound('We could not find that coaching session.');
  const fileName =
    calendar.title
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'coaching-session';
  return new Response(calendar.ics, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}.ics"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

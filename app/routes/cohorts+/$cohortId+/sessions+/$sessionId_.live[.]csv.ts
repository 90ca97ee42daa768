import type { LoaderFunctionArgs } from '@remix-run/node';
import { liveRecordToCsv } from '~/live/export.server';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import { getCoachingSession } from '~/sessions/coaching-sessions.server';
import { csvAttachment } from '~/utils/csv.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const session = await getCoachingSession(context.db, {
    cohortId: cohort.id,
    coachingSessionId: params.sessionId,
  });
  if (!session) notFound('We could not find that coaching session.');
  const csv = await liveRecordToCsv(context.db, {
    coachingSessionId: session.id,
    timeZone: cohort.timezone,
  });
  const day = new Date(session.startsAt).toISOString().slice(0, 10);
  return csvAttachment(csv, `live-room-${day}.csv`);
}

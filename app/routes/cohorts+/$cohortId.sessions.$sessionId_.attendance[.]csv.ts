import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import { attendanceToCsv, getAttendanceSheet } from '~/sessions/attendance.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, [
    'facilitator',
    'coach',
  ]);
  const sheet = await getAttendanceSheet(context.db, {
    cohortId: cohort.id,
    coachingSessionId: params.sessionId,
  });
  if (!sheet) notFound('We could not find that coaching session.');
  const day = sheet.session.startsAt.slice(0, 10);
  return new Response(attendanceToCsv(sheet), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="attendance-${day}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

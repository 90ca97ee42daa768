import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import { attendanceToCsv, getAttendanceSheet } from '~/sessions/attendance.server';
import { csvAttachment } from '~/utils/csv.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const sheet = await getAttendanceSheet(context.db, {
    cohortId: cohort.id,
    coachingSessionId: params.sessionId,
  });
  if (!sheet) notFound('We could not find that coaching session.');
  const day = sheet.session.startsAt.slice(0, 10);
  return csvAttachment(attendanceToCsv(sheet), `attendance-${day}.csv`);
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { ProgressFilterSchema, getProgressGrid, progressToCsv } from '~/pathway/progress.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { formatDateTime } from '~/utils/dates';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, [
    'facilitator',
    'coach',
  ]);
  const filter = ProgressFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const grid = await getProgressGrid(context.db, {
    cohortId: cohort.id,
    timezone: cohort.timezone,
    filter,
  });
  const csv = progressToCsv(grid, (iso) => (iso ? formatDateTime(iso, cohort.timezone) : ''));
  const slug =
    cohort.name
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'cohort';
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${slug}-progress.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

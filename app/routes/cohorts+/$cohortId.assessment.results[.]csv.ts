import type { LoaderFunctionArgs } from '@remix-run/node';
import { getCohortResults, resultsToCsv } from '~/assessment/results.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { formatDateTime } from '~/utils/dates';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, [
    'coach',
    'facilitator',
  ]);
  const results = await getCohortResults(context.db, cohort.id);
  const csv = resultsToCsv(results, (iso) => (iso ? formatDateTime(iso, cohort.timezone) : ''));
  const slug =
    cohort.name
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'cohort';
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${slug}-pre-assessment.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

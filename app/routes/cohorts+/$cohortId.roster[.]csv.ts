import type { LoaderFunctionArgs } from '@remix-run/node';
import { getRoster, rosterToCsv } from '~/cohorts/roster.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { formatDateTime } from '~/utils/dates';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, [
    'facilitator',
    'coach',
  ]);
  const roster = await getRoster(context.db, cohort.id, { q: '', status: 'all', role: 'all' });
  const csv = rosterToCsv(roster, (iso) => (iso ? formatDateTime(iso, cohort.timezone) : ''));
  const fileName = `${
    cohort.name
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'cohort'
  }-roster.csv`;
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

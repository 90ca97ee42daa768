import type { LoaderFunctionArgs } from '@remix-run/node';
import { getRoster, rosterToCsv } from '~/cohorts/roster.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { csvAttachment, fileSlug } from '~/utils/csv.server';
import { formatDateTime } from '~/utils/dates';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const roster = await getRoster(context.db, cohort.id, { q: '', status: 'all', role: 'all' });
  const csv = rosterToCsv(roster, (iso) => (iso ? formatDateTime(iso, cohort.timezone) : ''));
  return csvAttachment(csv, `${fileSlug(cohort.name)}-roster.csv`);
}

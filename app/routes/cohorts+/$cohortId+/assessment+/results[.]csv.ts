import type { LoaderFunctionArgs } from '@remix-run/node';
import { getCohortResults, resultsToCsv } from '~/assessment/results.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { csvAttachment, fileSlug } from '~/utils/csv.server';
import { formatDateTime } from '~/utils/dates';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const results = await getCohortResults(context.db, cohort.id);
  const csv = resultsToCsv(results, (iso) => (iso ? formatDateTime(iso, cohort.timezone) : ''));
  return csvAttachment(csv, `${fileSlug(cohort.name)}-pre-assessment.csv`);
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { ProgressFilterSchema, getProgressGrid, progressToCsv } from '~/pathway/progress.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { csvAttachment, fileSlug } from '~/utils/csv.server';
import { formatDateTime } from '~/utils/dates';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const filter = ProgressFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const grid = await getProgressGrid(context.db, {
    cohortId: cohort.id,
    timezone: cohort.timezone,
    filter,
  });
  const csv = progressToCsv(grid, (iso) => (iso ? formatDateTime(iso, cohort.timezone) : ''));
  return csvAttachment(csv, `${fileSlug(cohort.name)}-progress.csv`);
}

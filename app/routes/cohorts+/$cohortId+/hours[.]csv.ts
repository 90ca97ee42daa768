import type { LoaderFunctionArgs } from '@remix-run/node';
import { getHoursExportRows, hoursToCsv } from '~/hours/export.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { csvAttachment, fileSlug } from '~/utils/csv.server';

/** Every ledger entry of the cohort, in the state-reporting columns the README describes. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'export');
  const rows = await getHoursExportRows(context.db, {
    organizationId: cohort.organizationId,
    cohortId: cohort.id,
  });
  return csvAttachment(hoursToCsv(rows), `${fileSlug(cohort.name)}-hours.csv`);
}

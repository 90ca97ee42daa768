import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/session.server';
import { DateRangeSchema, getHoursExportRows, hoursToCsv } from '~/hours/export.server';
import { requireOrgAdmin } from '~/permissions/permissions.server';
import { csvAttachment } from '~/utils/csv.server';
import { redirectWithToast } from '~/utils/toast.server';

/** Every ledger entry of the organization credited between two days, for state reporting. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'The hours export is open to your organization’s admins only.');
  const range = DateRangeSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!range.success) {
    throw await redirectWithToast('/admin/hours', {
      kind: 'error',
      message: range.error.issues[0]?.message ?? 'Choose a start and an end date.',
    });
  }
  const rows = await getHoursExportRows(context.db, {
    organizationId: user.organizationId,
    ...range.data,
  });
  return csvAttachment(hoursToCsv(rows), `hours-${range.data.from}-to-${range.data.to}.csv`);
}

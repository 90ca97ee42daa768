import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/session.server';
import { feeReportCsv, FeeReportRangeSchema } from '~/fees/fees.server';
import { requireOrgAdmin } from '~/permissions/permissions.server';
import { csvAttachment } from '~/utils/csv.server';
import { redirectWithToast } from '~/utils/toast.server';

/** The organization's scoring fees that fell due between two days, with totals per month. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'Scoring fees are open to your organization’s admins only.');
  const range = FeeReportRangeSchema.safeParse(
    Object.fromEntries(new URL(request.url).searchParams),
  );
  if (!range.success) {
    throw await redirectWithToast('/admin/fees', {
      kind: 'error',
      message: range.error.issues[0]?.message ?? 'Choose a start and an end date.',
    });
  }
  const csv = await feeReportCsv(context.db, {
    organizationId: user.organizationId,
    ...range.data,
  });
  return csvAttachment(csv, `scoring-fees-${range.data.from}-to-${range.data.to}.csv`);
}

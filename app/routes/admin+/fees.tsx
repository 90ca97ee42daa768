import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TextField } from '~/components/forms';
import { ScrollRegion } from '~/components/scroll-region';
import { FeeListSchema, listFees } from '~/fees/fees.server';
import { feeStatusLabels, formatFee } from '~/fees/format';
import { todayIn } from '~/pathway/progress.server';
import { requireOrgAdmin } from '~/permissions/permissions.server';
import { formatDateTime } from '~/utils/dates';
import { AdminNav } from './__admin-nav';

export const meta: MetaFunction = () => [{ title: 'Scoring fees · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'Scoring fees are open to your organization’s admins only.');
  const { status } = FeeListSchema.parse({
    status: new URL(request.url).searchParams.get('status') ?? 'due',
  });
  const organization = await context.db
    .selectFrom('organization')
    .select(['name', 'timezone', 'nonmember_fee_cents as feeCents'])
    .where('id', '=', user.organizationId)
    .executeTakeFirstOrThrow();
  const list = await listFees(context.db, { organizationId: user.organizationId, status });
  const today = todayIn(organization.timezone);
  return { organization, status, ...list, today, yearStart: `${today.slice(0, 4)}-01-01` };
}

const tabs = [
  { status: 'due', label: 'Due' },
  { status: 'paid', label: 'Paid' },
  { status: 'waived', label: 'Waived' },
  { status: 'all', label: 'All' },
] as const;

export default function FeesPage() {
  const { organization, status, fees, counts, today, yearStart } = useLoaderData<typeof loader>();
  const tz = organization.timezone;
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Organization</p>
        <h1>Scoring fees</h1>
        <p className="lead">
          A non-member who submits a micro-credential for scoring owes{' '}
          {formatFee(organization.feeCents)} (set under{' '}
          <Link to="/admin/organization">Settings</Link>). Cadre does not take payment: record each
          fee here as paid, with its receipt, or waived, with the reason. The submission reaches the
          coach once it is recorded.
        </p>
      </header>
      <AdminNav />

      <nav aria-label="Fees by status" className="tabs tabs--wrap">
        <ul>
          {tabs.map((tab) => (
            <li key={tab.status}>
              <Link
                to={`?status=${tab.status}`}
                aria-current={status === tab.status ? 'page' : undefined}
              >
                {tab.label}
                {tab.status !== 'all' ? ` (${counts[tab.status]})` : ''}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <section className="card" aria-labelledby="fees-title">
        <h2 id="fees-title">
          {status === 'all' ? 'Every fee' : `${feeStatusLabels[status]}`} ({fees.length})
        </h2>
        {fees.length === 0 ? (
          <p className="muted">No fee in this list.</p>
        ) : (
          <ScrollRegion labelledBy="fees-title">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Educator</th>
                  <th scope="col">Micro-credential</th>
                  <th scope="col">Submitted</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {fees.map((fee) => (
                  <tr key={fee.id}>
                    <td>
                      {fee.name}
                      <br />
                      <span className="muted">{fee.email}</span>
                    </td>
                    <td>
                      {fee.credentialTitle} (attempt {fee.attempt})
                      <br />
                      <span className="muted">{fee.cohortName}</span>
                    </td>
                    <td>{formatDateTime(fee.createdAt, tz)}</td>
                    <td>{formatFee(fee.amountCents)}</td>
                    <td>
                      {feeStatusLabels[fee.status]}
                      {fee.receiptReference ? (
                        <>
                          <br />
                          <span className="muted">Receipt {fee.receiptReference}</span>
                        </>
                      ) : null}
                      {fee.waivedReason ? (
                        <>
                          <br />
                          <span className="muted">{fee.waivedReason}</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <Link to={`/admin/fees/${fee.id}`}>
                        {fee.status === 'due' ? 'Record' : 'Details'}
                        <span className="sr-only"> for {fee.name}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section className="card" aria-labelledby="report-title">
        <h2 id="report-title">Fee report</h2>
        <p className="muted">
          Every fee that fell due between two days (inclusive, {tz}) with its period, status and how
          it was settled, then the totals per month and status.
        </p>
        <Form method="get" action="/admin/fees.csv" reloadDocument className="form form--narrow">
          <TextField name="from" label="From" type="date" required defaultValue={yearStart} />
          <TextField name="to" label="To" type="date" required defaultValue={today} />
          <button type="submit" className="button button--primary">
            Download CSV
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

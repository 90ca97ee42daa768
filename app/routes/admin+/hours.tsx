import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TextField } from '~/components/forms';
import { todayIn } from '~/pathway/progress.server';
import { requireOrgAdmin } from '~/permissions/permissions.server';

export const meta: MetaFunction = () => [{ title: 'Hours export · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'The hours export is open to your organization’s admins only.');
  const organization = await context.db
    .selectFrom('organization')
    .select(['name', 'timezone'])
    .where('id', '=', user.organizationId)
    .executeTakeFirstOrThrow();
  const today = todayIn(organization.timezone);
  return { organization, today, yearStart: `${today.slice(0, 4)}-01-01` };
}

export default function HoursExportPage() {
  const { organization, today, yearStart } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Organization</p>
        <h1>Hours export</h1>
        <p className="lead">
          Every professional-learning hours entry {organization.name} recorded between two days
          (inclusive, {organization.timezone}), one row per entry with the educator’s state id,
          ready for a state reporting system. Reversals are negative rows. The hours each program
          gives are set under <Link to="/admin/recognition">Hours rules</Link>.
        </p>
      </header>
      <section className="card" aria-labelledby="range-title">
        <h2 id="range-title">Date range</h2>
        <Form method="get" action="/admin/hours.csv" reloadDocument className="form form--narrow">
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

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { getJoinDemand } from '~/catalog/catalog.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { requireOrgAdmin } from '~/permissions/permissions.server';
import { formatDateTime } from '~/utils/dates';
import { AdminNav } from './__admin-nav';

export const meta: MetaFunction = () => [{ title: 'Join requests · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'Join requests are open to your organization’s admins only.');
  const [demand, organization] = await Promise.all([
    getJoinDemand(context.db, user.organizationId),
    context.db
      .selectFrom('organization')
      .select('timezone')
      .where('id', '=', user.organizationId)
      .executeTakeFirstOrThrow(),
  ]);
  return { demand, timezone: organization.timezone };
}

export default function JoinRequestsPage() {
  const { demand, timezone } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Organization</p>
        <h1>Join requests</h1>
        <p className="lead">
          How many educators asked to join the next cohort of each stack in the catalog. Open a
          stack to see who asked.
        </p>
      </header>
      <AdminNav />
      <section className="card" aria-labelledby="demand-title">
        <h2 id="demand-title">Demand per stack</h2>
        {demand.length === 0 ? (
          <p className="muted">Nobody has asked to join a cohort yet.</p>
        ) : (
          <ul>
            {demand.map((stack) => (
              <li key={stack.id}>
                <Link to={`/catalog/stacks/${stack.id}`}>{stack.title}</Link>: {stack.requests}{' '}
                {stack.requests === 1 ? 'request' : 'requests'}
                <span className="muted">, latest {formatDateTime(stack.latest, timezone)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

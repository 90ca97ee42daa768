import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { listIntegrations } from '~/organization/integrations.server';
import { AdminNav } from './__admin-nav';
import { requireOrgAdmin } from '~/permissions/permissions.server';

export const meta: MetaFunction = () => [{ title: 'Integrations · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'Integrations are shown to your organization’s admins only.');
  const integrations = await listIntegrations(context.db, context.env, user.organizationId);
  return data({ integrations }, { headers: { 'Cache-Control': 'no-store' } });
}

export default function IntegrationsPage() {
  const { integrations } = useLoaderData<typeof loader>();
  const missing = integrations.filter((integration) => !integration.connected);
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Organization</p>
        <h1>Integrations</h1>
        <p className="lead">
          {missing.length === 0
            ? 'Everything Cadre can connect to is connected.'
            : `${integrations.length - missing.length} of ${integrations.length} connected. Cadre works without the others; below is what each missing one means for people and how to connect it.`}
        </p>
      </header>
      <AdminNav />

      <ul className="integration-list">
        {integrations.map((integration) => (
          <li key={integration.id}>
            <section className="card" aria-labelledby={`${integration.id}-title`}>
              <div className="card__header">
                <h2 id={`${integration.id}-title`}>{integration.title}</h2>
                <span className={`badge ${integration.connected ? 'badge--ok' : 'badge--warn'}`}>
                  {integration.connected ? 'Connected' : 'Not connected'}
                </span>
              </div>
              <p>{integration.summary}</p>
              {integration.missing ? (
                <p>
                  <strong>What people miss:</strong> {integration.missing}
                </p>
              ) : null}
              {integration.id === 'email' ? (
                <p>
                  <Link to="/admin/outbox">Open the outbox</Link>
                </p>
              ) : null}
              {!integration.connected ? (
                <>
                  <p>
                    <strong>How to connect it:</strong> {integration.how}
                  </p>
                  {integration.settings.length > 0 ? (
                    <p className="muted">
                      Whoever runs Cadre’s server sets{' '}
                      {integration.settings.map((name, index) => (
                        <span key={name}>
                          {index > 0
                            ? index === integration.settings.length - 1
                              ? ' and '
                              : ', '
                            : null}
                          <code>{name}</code>
                        </span>
                      ))}{' '}
                      in its environment and restarts it (see the README’s configuration table).
                    </p>
                  ) : null}
                </>
              ) : null}
            </section>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

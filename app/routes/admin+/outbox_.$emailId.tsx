import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { getOutboxMessage } from '~/mail/outbox.server';
import { notFound, requireOrgAdmin } from '~/permissions/permissions.server';
import { EmailStatusBadge, Timestamp } from './__outbox';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.message.subject} · Outbox · Cadre` : 'Outbox · Cadre' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'The outbox is open to your organization’s admins only.');
  const message = await getOutboxMessage(context.db, {
    organizationId: user.organizationId,
    id: params.emailId ?? '',
  });
  if (!message) notFound('We could not find that email in your organization’s outbox.');
  return { message };
}

export default function OutboxMessagePage() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">
          <Link to="/admin/outbox">Outbox</Link>
        </p>
        <h1>{message.subject}</h1>
        <p className="cohort-card__meta">
          <EmailStatusBadge status={message.status} attempts={message.attempts} />
          <span className="muted">{message.kind}</span>
        </p>
      </header>

      <section className="card" aria-labelledby="headers-title">
        <h2 id="headers-title">Details</h2>
        <dl className="facts">
          <div>
            <dt>To</dt>
            <dd className="data-table__address">{message.to}</dd>
          </div>
          <div>
            <dt>Queued</dt>
            <dd>
              <Timestamp value={message.createdAt} />
            </dd>
          </div>
          <div>
            <dt>Sent</dt>
            <dd>
              {message.sentAt ? (
                <Timestamp value={message.sentAt} />
              ) : message.status === 'stored' ? (
                'Not sent: no mail server is set up'
              ) : (
                'Not yet'
              )}
            </dd>
          </div>
          <div>
            <dt>Attempts</dt>
            <dd>{message.attempts}</dd>
          </div>
          {message.status === 'queued' && message.attempts > 0 ? (
            <div>
              <dt>Next attempt</dt>
              <dd>
                <Timestamp value={message.nextAttemptAt} />
              </dd>
            </div>
          ) : null}
          {message.lastError ? (
            <div className="facts__wide">
              <dt>Last error</dt>
              <dd>{message.lastError}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="body-title">
        <h2 id="body-title">Message</h2>
        {/* the text version only: the HTML version is never put into this page */}
        <pre className="email-text">{message.text}</pre>
        {message.hasHtml ? (
          <p className="muted">This email also has an HTML version with the same words.</p>
        ) : null}
      </section>

      <p>
        <Link to="/admin/outbox">Back to the outbox</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { listOutbox, OUTBOX_PAGE_SIZE } from '~/mail/outbox.server';
import { requireOrgAdmin } from '~/permissions/permissions.server';
import { EmailStatusBadge, Timestamp } from './__outbox';
import { ScrollRegion } from '~/components/scroll-region';

export const meta: MetaFunction = () => [{ title: 'Outbox · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'The outbox is open to your organization’s admins only.');
  const messages = await listOutbox(context.db, {
    organizationId: user.organizationId,
    limit: OUTBOX_PAGE_SIZE,
  });
  return { messages, delivering: Boolean(context.env.SMTP_URL), pageSize: OUTBOX_PAGE_SIZE };
}

export default function OutboxPage() {
  const { messages, delivering, pageSize } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Organization</p>
        <h1>Outbox</h1>
        <p className="lead">
          {delivering
            ? 'Every email Cadre sends for your organization. They are delivered through your mail server and kept here.'
            : 'Every email Cadre would send for your organization. No mail server is set up, so they are kept here and not delivered.'}
        </p>
      </header>

      {messages.length === 0 ? (
        <div className="empty-state">
          <p>
            <strong>No email yet.</strong>
          </p>
          <p>
            Messages appear here when Cadre sends email, such as invitations. Once email is
            connected they are also delivered (see{' '}
            <Link to="/admin/integrations">Integrations</Link>).
          </p>
        </div>
      ) : (
        <section className="card" aria-labelledby="outbox-title">
          <div className="card__header">
            <h2 id="outbox-title">Messages</h2>
            <span className="muted">
              {messages.length === pageSize
                ? `The latest ${pageSize}, newest first`
                : `${messages.length} ${messages.length === 1 ? 'message' : 'messages'}, newest first`}
            </span>
          </div>
          <ScrollRegion label="Outgoing email">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">To</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                </tr>
              </thead>
              <tbody>
                {messages.map((message) => (
                  <tr key={message.id}>
                    <td className="data-table__nowrap">
                      <Timestamp value={message.createdAt} />
                    </td>
                    <td className="data-table__address">{message.to}</td>
                    <td className="data-table__wide">
                      <Link to={`/admin/outbox/${message.id}`}>{message.subject}</Link>
                    </td>
                    <td>{message.kind}</td>
                    <td>
                      <EmailStatusBadge status={message.status} attempts={message.attempts} />
                    </td>
                    <td>
                      {message.attempts}
                      {message.lastError ? (
                        <p className="data-table__error">{message.lastError}</p>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireUser } from '~/auth/session.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { SubmissionAlert } from '~/components/forms';
import { listNotifications, markAllRead, markRead } from '~/notifications/notifications.server';
import { safeRedirect } from '~/utils/redirect';
import { formatDateTime } from '~/utils/dates';
import { redirectWithToast } from '~/utils/toast.server';
import { readFormData } from '~/http/form.server';

export const meta: MetaFunction = () => [{ title: 'Notifications · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  const notifications = await listNotifications(context.db, user.id);
  return { notifications };
}

// a notice's own button sends no intent: opening it is what a click means
export const NotificationActionSchema = z.object({
  intent: z.enum(['open', 'read-all'], { error: 'Use the buttons on the page.' }).default('open'),
  notificationId: z.string().max(100, 'That notice is no longer there.').default(''),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  const submission = parseWithZod(await readFormData(request), {
    schema: NotificationActionSchema,
  });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 });
  }
  if (submission.value.intent === 'read-all') {
    const count = await markAllRead(context.db, user.id);
    throw await redirectWithToast('/notifications', {
      kind: 'success',
      message: count === 0 ? 'Everything was already read.' : `Marked ${count} as read.`,
    });
  }
  const href = await markRead(context.db, {
    userId: user.id,
    notificationId: submission.value.notificationId,
  });
  if (!href) {
    throw await redirectWithToast('/notifications', {
      kind: 'error',
      message: 'That notice is no longer there.',
    });
  }
  throw redirect(safeRedirect(href));
}

export default function NotificationsPage() {
  const { notifications } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const unread = notifications.filter((notice) => !notice.readAt).length;
  return (
    <div className="stack">
      <header className="page-header page-header--with-action">
        <div>
          <h1>Notifications</h1>
          <p className="muted">{unread === 0 ? 'All read.' : `${unread} unread.`}</p>
        </div>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button type="submit" className="button">
              Mark all as read
            </button>
          </Form>
        ) : null}
      </header>
      <SubmissionAlert result={reply?.result} />
      {notifications.length === 0 ? (
        <div className="empty-state">
          <p>No notifications yet. Changes to your partners, critiques and evidence appear here.</p>
        </div>
      ) : (
        <ul className="notification-list">
          {notifications.map((notice) => (
            <li
              key={notice.id}
              className={notice.readAt ? 'notification' : 'notification notification--unread'}
            >
              <Form method="post">
                <input type="hidden" name="notificationId" value={notice.id} />
                <button type="submit" className="notification__open">
                  {notice.readAt ? null : <span className="sr-only">Unread: </span>}
                  {notice.title}
                </button>
              </Form>
              <p className="muted">
                {notice.cohortName ? `${notice.cohortName} · ` : ''}
                {formatDateTime(notice.createdAt, notice.timezone ?? 'UTC')}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

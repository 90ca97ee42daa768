import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { SubmissionAlert } from '~/components/forms';
import { IntegrationsHint } from '~/components/integrations-link';
import { appOriginOf } from '~/http/origin.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { may } from '~/permissions/policy';
import {
  calendarFeedUrl,
  createCalendarFeedToken,
  getCalendarFeedToken,
  revokeCalendarFeedToken,
} from '~/sessions/calendar.server';
import {
  listCoachingSessions,
  type CoachingSessionListItem,
} from '~/sessions/coaching-sessions.server';
import { kindLabels } from '~/sessions/labels';
import { formatSessionTime } from '~/sessions/format';
import { describeTimeZone } from '~/utils/dates';
import { redirectWithToast } from '~/utils/toast.server';
import { zoomStatus } from '~/zoom/config.server';
import { readFormData } from '~/http/form.server';
import { ScrollRegion } from '~/components/scroll-region';

export const meta: MetaFunction = () => [{ title: 'Coaching sessions · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, cohort, role } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'view',
  );
  const [sessions, token] = await Promise.all([
    listCoachingSessions(context.db, { cohortId: cohort.id }),
    getCalendarFeedToken(context.db, user.id),
  ]);
  // formatted here, once: browsers and the server disagree on Intl spacing, which breaks hydration
  const labelled = (items: CoachingSessionListItem[]) =>
    items.map((item) => ({
      ...item,
      startsLabel: formatSessionTime(item.startsAt, cohort.timezone),
    }));
  return {
    sessions: { upcoming: labelled(sessions.upcoming), past: labelled(sessions.past) },
    feedUrl: token ? calendarFeedUrl(appOriginOf(request, context.env), token) : null,
    canSchedule: may(role, 'manage'),
    timeZoneName: describeTimeZone(cohort.timezone),
    zoom: zoomStatus(context.env),
  };
}

export const CalendarFeedSchema = z.object({
  intent: z.enum(['feed-create', 'feed-revoke'], {
    error: 'That action is not known on this page.',
  }),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cohort } = await requireCohortRole(context.db, request, params.cohortId, 'view');
  const submission = parseWithZod(await readFormData(request), { schema: CalendarFeedSchema });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 });
  }
  if (submission.value.intent === 'feed-create') {
    await createCalendarFeedToken(context.db, user.id);
    throw await redirectWithToast(`/cohorts/${cohort.id}/sessions`, {
      kind: 'success',
      message: 'Your calendar feed address is ready. Any older address no longer works.',
    });
  }
  await revokeCalendarFeedToken(context.db, user.id);
  throw await redirectWithToast(`/cohorts/${cohort.id}/sessions`, {
    kind: 'success',
    message: 'Your calendar feed is turned off; calendars subscribed to it stop updating.',
  });
}

export default function CoachingSessionsPage() {
  const { sessions, feedUrl, canSchedule, timeZoneName, zoom } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="stack">
      <SubmissionAlert result={reply?.result} />
      <div className="card__header">
        <p className="muted">Times in {timeZoneName}.</p>
        {canSchedule ? (
          <Link to="new" className="button button--primary">
            Schedule a session
          </Link>
        ) : null}
      </div>
      {canSchedule && !zoom.api ? (
        <div className="alert" role="note">
          <p>
            <strong>Zoom is not connected.</strong> Paste each meeting’s join link when you schedule
            it. Once Zoom is connected, Cadre creates the meetings and gives everyone their own
            link.
            <IntegrationsHint missing="Zoom" />
          </p>
        </div>
      ) : null}
      <SessionTable
        id="upcoming"
        caption="Upcoming sessions"
        sessions={sessions.upcoming}
        empty={
          canSchedule
            ? 'No sessions yet. Schedule the kickoff first.'
            : 'No sessions are scheduled yet.'
        }
      />
      <SessionTable
        id="past"
        caption="Past sessions"
        sessions={sessions.past}
        empty="No sessions have taken place yet."
      />
      <section className="card" aria-labelledby="feed-title">
        <h2 id="feed-title">Your calendar feed</h2>
        <p className="muted">
          Subscribe to this private address in Google Calendar, Outlook or Apple Calendar and every
          session of your cohorts appears there and stays up to date. Anyone with the address can
          read the schedule, so keep it to yourself; make a new one if it leaks.
        </p>
        {feedUrl ? (
          <>
            <p>
              <label htmlFor="feed-url" className="sr-only">
                Calendar feed address
              </label>
              <input id="feed-url" type="text" readOnly value={feedUrl} />
            </p>
            <div className="actions-row">
              <Form method="post">
                <input type="hidden" name="intent" value="feed-create" />
                <button type="submit" className="button">
                  Make a new address
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="feed-revoke" />
                <button type="submit" className="button button--quiet">
                  Turn the feed off
                </button>
              </Form>
            </div>
          </>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="feed-create" />
            <button type="submit" className="button">
              Create my calendar feed
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}

function SessionTable({
  id,
  caption,
  sessions,
  empty,
}: {
  id: string;
  caption: string;
  sessions: (CoachingSessionListItem & { startsLabel: string })[];
  empty: string;
}) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{caption}</h2>
      {sessions.length === 0 ? (
        <p className="empty-state">{empty}</p>
      ) : (
        <ScrollRegion label={caption}>
          <table className="table">
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Starts</th>
                <th scope="col">Length</th>
                <th scope="col">Host</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.id}>
                  <th scope="row">
                    {/* a full page load: the meeting page carries its own security policy */}
                    <Link to={session.id} reloadDocument>
                      {session.title}
                    </Link>
                    <span className="muted"> · {kindLabels[session.kind]}</span>
                    {session.moduleTitle ? (
                      <span className="muted"> · {session.moduleTitle}</span>
                    ) : null}
                  </th>
                  <td>{session.startsLabel}</td>
                  <td>{session.minutes} min</td>
                  <td>{session.hostName}</td>
                  <td>
                    {session.status === 'cancelled' ? (
                      <span className="badge badge--warn">Cancelled</span>
                    ) : session.hasMeeting ? (
                      <span className="badge">Scheduled</span>
                    ) : (
                      <span className="badge badge--warn">No meeting link yet</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

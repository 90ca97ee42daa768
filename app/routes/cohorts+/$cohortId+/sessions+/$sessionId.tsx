import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { SubmissionAlert } from '~/components/forms';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import { may } from '~/permissions/policy';
import { getOwnAttendance } from '~/sessions/attendance.server';
import { getCoachingSession } from '~/sessions/coaching-sessions.server';
import { kindLabels } from '~/sessions/labels';
import { cancelFromRequest } from '~/sessions/session-actions.server';
import { formatSessionTime } from '~/sessions/format';
import { redirectWithToast } from '~/utils/toast.server';
import { readFormData } from '~/http/form.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.session.title} · Cadre` : 'Coaching session · Cadre' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, cohort, role } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'view',
  );
  const session = await getCoachingSession(context.db, {
    cohortId: cohort.id,
    coachingSessionId: params.sessionId,
  });
  if (!session) notFound('We could not find that coaching session.');
  const isParticipant = may(role, 'participate');
  const attendance = isParticipant
    ? await getOwnAttendance(context.db, {
        cohortId: cohort.id,
        coachingSessionId: session.id,
        userId: user.id,
      })
    : null;
  const startsAt = new Date(session.startsAt);
  return {
    cohortId: cohort.id,
    session: {
      id: session.id,
      title: session.title,
      kind: session.kind,
      status: session.status,
      startsAt: startsAt.toISOString(),
      startsLabel: formatSessionTime(startsAt, cohort.timezone),
      endsAt: new Date(startsAt.getTime() + session.minutes * 60_000).toISOString(),
      minutes: session.minutes,
      hostName: session.hostName,
      isHost: session.hostId === user.id,
      moduleTitle: session.moduleTitle,
      meetingNumber: session.meetingNumber,
      joinUrl: session.joinUrl,
    },
    attendance,
    canManage: may(role, 'manage'),
  };
}

export const CancelCoachingSessionSchema = z.object({
  intent: z.literal('cancel', { error: 'That action is not known on this page.' }),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cohort } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const session = await getCoachingSession(context.db, {
    cohortId: cohort.id,
    coachingSessionId: params.sessionId,
  });
  if (!session) notFound('We could not find that coaching session.');
  const submission = parseWithZod(await readFormData(request), {
    schema: CancelCoachingSessionSchema,
  });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const result = await cancelFromRequest(context, request, {
    user,
    cohort,
    coachingSessionId: session.id,
  });
  throw await redirectWithToast(
    result.status === 'cancelled'
      ? `/cohorts/${cohort.id}/sessions`
      : `/cohorts/${cohort.id}/sessions/${session.id}`,
    result.status === 'cancelled'
      ? {
          kind: 'success',
          message: `“${result.title}” is cancelled; everyone has been told by email.`,
        }
      : { kind: 'error', message: result.message },
  );
}

export default function CoachingSessionPage() {
  const { cohortId, session, attendance, canManage } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const cancelled = session.status === 'cancelled';
  const hasMeeting = session.meetingNumber !== null || session.joinUrl !== null;
  return (
    <div className="stack">
      <SubmissionAlert result={reply?.result} />
      <section className="card" aria-labelledby="session-title">
        <div className="card__header">
          <h2 id="session-title">{session.title}</h2>
          <Link to=".." relative="path">
            All sessions
          </Link>
        </div>
        <dl className="facts">
          <div>
            <dt>Kind</dt>
            <dd>{kindLabels[session.kind]}</dd>
          </div>
          <div>
            <dt>Starts</dt>
            <dd>
              <time dateTime={session.startsAt}>{session.startsLabel}</time>
            </dd>
          </div>
          <div>
            <dt>Length</dt>
            <dd>{session.minutes} minutes</dd>
          </div>
          <div>
            <dt>Host</dt>
            <dd>
              {session.hostName}
              {session.isHost ? ' (you)' : ''}
            </dd>
          </div>
          {session.moduleTitle ? (
            <div>
              <dt>Module</dt>
              <dd>{session.moduleTitle}</dd>
            </div>
          ) : null}
          <div>
            <dt>Status</dt>
            <dd>
              {cancelled ? (
                <span className="badge badge--warn">Cancelled</span>
              ) : (
                <span className="badge">Scheduled</span>
              )}
            </dd>
          </div>
        </dl>
        <p className="actions-row">
          <a
            href={`/cohorts/${cohortId}/sessions/${session.id}/calendar.ics`}
            className="button"
            download
          >
            Add to my calendar (.ics)
          </a>
          {canManage && !cancelled ? (
            <Link to="edit" className="button button--quiet">
              Edit
            </Link>
          ) : null}
          {canManage ? (
            <Link to="attendance" className="button button--quiet">
              Attendance
            </Link>
          ) : null}
          {canManage ? (
            <a
              href={`/cohorts/${cohortId}/sessions/${session.id}/live.csv`}
              className="button button--quiet"
              download
            >
              Live room record (.csv)
            </a>
          ) : null}
        </p>
      </section>

      {cancelled ? (
        <div className="alert alert--error" role="note">
          This session was cancelled. Your facilitator will share a new date if there is one.
        </div>
      ) : (
        <section className="card" aria-labelledby="meeting-title">
          <h2 id="meeting-title">Where we meet</h2>
          {hasMeeting ? (
            <p>
              The Zoom meeting, hands, chat and polls are all in the live room
              {session.isHost ? ', and you start the meeting from there' : ''}.
            </p>
          ) : (
            <p className="muted">
              The host has not added the Zoom meeting yet; the live room shows it once they do.
            </p>
          )}
          <p>
            {/* a full load: the live room's security policy lets the Zoom meeting in */}
            <Link to="live" reloadDocument className="button button--primary">
              Join the live room
            </Link>
          </p>
        </section>
      )}

      {attendance ? (
        <section className="card" aria-labelledby="mine-title">
          <h2 id="mine-title">Your attendance</h2>
          <p>
            {attendance.minutes} of the {attendance.minutesRequired} minutes needed ·{' '}
            <strong>{attendance.present ? 'Present' : 'Not counted present yet'}</strong>
            {attendance.overridden ? ' (set by your facilitator)' : ''}
          </p>
        </section>
      ) : null}

      {canManage && !cancelled ? (
        <section className="card" aria-labelledby="cancel-title">
          <h2 id="cancel-title">Cancel this session</h2>
          <p className="muted">
            Everyone in the cohort is told by email
            {session.meetingNumber ? ' and the Zoom meeting is removed' : ''}. This cannot be
            undone.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="button button--danger">
              Cancel the session
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

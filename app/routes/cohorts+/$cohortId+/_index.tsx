import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { getCohortPeople, type CohortPerson } from '~/cohorts/roster.server';
import { getCohortDashboard } from '~/cohorts/dashboard.server';
import { handleStageMove } from '~/cohorts/stage-actions.server';
import { SubmissionAlert } from '~/components/forms';
import { roleLabels } from '~/components/role-label';
import { StageStepper } from '~/components/stage-stepper';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import { may } from '~/permissions/policy';
import { useCohortPresence, type ConnectionStatus } from '~/realtime/use-cohort-presence';
import { formatDateTime } from '~/utils/dates';
import type { loader as cohortLoader } from './_layout';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { role, cohort } = await requireCohortRole(context.db, request, params.cohortId, 'view');
  if (may(role, 'participate')) {
    const people = await getCohortPeople(context.db, cohort.id);
    return { view: 'participant' as const, people, role };
  }
  const dashboard = await getCohortDashboard(context.db, cohort.id);
  if (!dashboard) notFound('We could not find that cohort.');
  return { view: 'staff' as const, dashboard, role };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const outcome = await handleStageMove(context, request, params.cohortId);
  return data(outcome, { status: 400 });
}

const connectionText: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  'signed-out': 'Not connected. Sign in again to see who is online.',
};

type Cohort = NonNullable<ReturnType<typeof useRouteLoaderData<typeof cohortLoader>>>['cohort'];

export default function CohortOverviewPage() {
  const layout = useRouteLoaderData<typeof cohortLoader>('routes/cohorts+/$cohortId+/_layout');
  const page = useLoaderData<typeof loader>();
  const presence = useCohortPresence(layout?.cohort.id ?? '');
  if (!layout) return null;
  const { cohort } = layout;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="stage-title">
        <h2 id="stage-title" className="sr-only">
          Stage
        </h2>
        <StageStepper status={cohort.status} />
        {page.view === 'staff' ? (
          <StageControls status={cohort.status} canMove={may(page.role, 'administer')} />
        ) : null}
      </section>
      {page.view === 'staff' ? (
        <StaffDashboard
          presence={presence}
          cohort={cohort}
          dashboard={page.dashboard}
          canManage={may(page.role, 'administer')}
        />
      ) : (
        <ParticipantView cohort={cohort} people={page.people} presence={presence} />
      )}
    </div>
  );
}

const nextLabel: Record<string, string | null> = {
  forming: 'Open the pre-assessment',
  assessing: 'Start learning',
  learning: 'Move to the share-out',
  sharing: 'Complete the cohort',
  completed: 'Archive the cohort',
  archived: null,
};
const nextStatus: Record<string, string | null> = {
  forming: 'assessing',
  assessing: 'learning',
  learning: 'sharing',
  sharing: 'completed',
  completed: 'archived',
  archived: null,
};
const previousStatus: Record<string, { to: string; label: string } | null> = {
  forming: null,
  assessing: { to: 'forming', label: 'Back to forming' },
  learning: { to: 'assessing', label: 'Back to the pre-assessment' },
  sharing: { to: 'learning', label: 'Back to learning' },
  completed: null,
  archived: { to: 'completed', label: 'Restore from the archive' },
};

function StageControls({ status, canMove }: { status: string; canMove: boolean }) {
  const reply = useActionData<typeof action>();
  // what keeps the cohort from moving is a checklist; anything else is a plain refusal
  const missing = reply?.blocked ? (reply.result.error?.[''] ?? []) : [];
  const forward = nextStatus[status];
  const back = previousStatus[status];
  if (!canMove) return null;
  return (
    <div className="stage-controls">
      {reply && !reply.blocked ? <SubmissionAlert result={reply.result} /> : null}
      {reply && missing.length > 0 ? (
        <div className="alert alert--error" role="alert">
          <p>
            <strong>Not yet:</strong> the cohort cannot move until
          </p>
          <ul className="checklist">
            {missing.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          {reply.scheduleShareOut ? (
            <Link to="sessions/new?kind=share-out" className="button">
              Schedule the share-out session
            </Link>
          ) : null}
        </div>
      ) : null}
      <div className="actions-row">
        {forward === 'completed' ? (
          // completing records hours: it goes through a preview that asks for confirmation
          <Link to="complete" className="button button--primary">
            {nextLabel[status]}
          </Link>
        ) : forward ? (
          <Form method="post">
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="to" value={forward} />
            <button type="submit" className="button button--primary">
              {nextLabel[status]}
            </button>
          </Form>
        ) : null}
        {back ? (
          <Form method="post">
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="to" value={back.to} />
            <button type="submit" className="button">
              {back.label}
            </button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}

type Presence = ReturnType<typeof useCohortPresence>;

function StaffDashboard({
  cohort,
  dashboard,
  canManage,
  presence,
}: {
  presence: Presence;
  cohort: Cohort;
  dashboard: Extract<
    ReturnType<typeof useLoaderData<typeof loader>>,
    { view: 'staff' }
  >['dashboard'];
  canManage: boolean;
}) {
  const { facts } = dashboard;
  return (
    <>
      <dl className="stat-grid" aria-label="Enrolment">
        <div className="stat">
          <dt>Active participants</dt>
          <dd>
            {facts.activeParticipants}
            <span className="muted" style={{ fontSize: '1rem', fontWeight: 400 }}>
              {' '}
              / {dashboard.capacity}
            </span>
          </dd>
        </div>
        <div className="stat">
          <dt>Invited</dt>
          <dd>{facts.openInvitations}</dd>
        </div>
        <div className="stat">
          <dt>Waitlisted</dt>
          <dd>{facts.waitlisted}</dd>
        </div>
      </dl>

      <div className="two-column">
        <div className="stack">
          <section className="card" aria-labelledby="next-title">
            <h2 id="next-title">What to do next</h2>
            {dashboard.nextSteps.length === 0 ? (
              <p className="muted">Nothing is waiting on you at this stage.</p>
            ) : (
              <ul className="checklist">
                {dashboard.nextSteps.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ul>
            )}
            {canManage ? (
              <p className="actions-row" style={{ marginTop: '1rem' }}>
                <Link to="invite" className="button">
                  Invite educators
                </Link>
                <Link to="roster" className="button button--quiet">
                  Open the roster
                </Link>
              </p>
            ) : null}
          </section>
          <OnlineNow presence={presence} />
        </div>
        <div className="stack">
          <section className="card" aria-labelledby="pending-title">
            <div className="card__header">
              <h2 id="pending-title">Pending invitations</h2>
              {facts.openInvitations > dashboard.pendingInvitations.length ? (
                <Link to="roster?status=invited">See all {facts.openInvitations}</Link>
              ) : null}
            </div>
            {dashboard.pendingInvitations.length === 0 ? (
              <p className="muted">No invitations are waiting for an answer.</p>
            ) : (
              <ul className="people-list">
                {dashboard.pendingInvitations.map((invitation) => (
                  <li key={invitation.id}>
                    <span className="people-list__name">
                      {invitation.name ?? invitation.email}
                      {invitation.name ? (
                        <span className="muted"> · {invitation.email}</span>
                      ) : null}
                    </span>
                    <span className={`badge${invitation.expired ? ' badge--warn' : ''}`}>
                      {invitation.expired
                        ? 'Expired'
                        : `Sent ${formatDateTime(invitation.sentAt, cohort.timezone).split(',').slice(0, 2).join(',')}`}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="activity-title">
            <h2 id="activity-title">Recent activity</h2>
            {dashboard.recentActivity.length === 0 ? (
              <p className="muted">Changes to the cohort appear here.</p>
            ) : (
              <ul className="activity">
                {dashboard.recentActivity.map((entry) => (
                  <li key={entry.id}>
                    {entry.text}
                    <time dateTime={entry.at}>{formatDateTime(entry.at, cohort.timezone)}</time>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
    </>
  );
}

const comingUp: Record<string, string> = {
  forming:
    'The cohort is still forming. Once everyone has joined, your facilitator opens the pre-assessment: about 20 minutes of questions about your classroom practice.',
  assessing:
    'The pre-assessment is open. Your coach reads the results to choose the modules the group works on.',
  learning:
    'You are working through the modules your coach chose, with live coaching sessions and an action plan at the end of each unit.',
  sharing:
    'The cohort is preparing the final share-out, where everyone presents their action plan.',
  completed:
    'The cohort is complete. Your professional-learning hours and credentials are recorded.',
  archived: 'This cohort is archived.',
};

function ParticipantView({
  cohort,
  people,
  presence,
}: {
  cohort: Cohort;
  people: CohortPerson[];
  presence: Presence;
}) {
  const staff = people.filter((member) => member.role !== 'participant');
  return (
    <div className="two-column">
      <div className="stack">
        <section className="card" aria-labelledby="next-up-title">
          <h2 id="next-up-title">What comes next</h2>
          <p>{comingUp[cohort.status]}</p>
        </section>
        <section className="card" aria-labelledby="leaders-title">
          <h2 id="leaders-title">Your facilitator and coach</h2>
          <ul className="people-list">
            {staff.map((member) => (
              <li key={member.userId}>
                <span className="people-list__name">{member.name}</span>
                <span className="badge badge--role">{roleLabels[member.role]}</span>
              </li>
            ))}
          </ul>
        </section>
        <OnlineNow presence={presence} />
      </div>
      <Roster people={people} presence={presence} />
    </div>
  );
}

function OnlineNow({ presence }: { presence: Presence }) {
  const { online, status } = presence;
  return (
    <section className="card" aria-labelledby="online-title">
      <div className="card__header">
        <h2 id="online-title">Online now</h2>
        <span className={`connection connection--${status}`}>{connectionText[status]}</span>
      </div>
      <p className="sr-only" aria-live="polite" aria-atomic="true">
        {status === 'live'
          ? `${online.length} ${online.length === 1 ? 'person' : 'people'} online`
          : ''}
      </p>
      {online.length === 0 ? (
        <p className="muted">{status === 'live' ? 'Nobody is here right now.' : ' '}</p>
      ) : (
        <ul className="people-list" data-testid="online-list">
          {online.map((member) => (
            <li key={member.userId}>
              <span className="presence-dot presence-dot--online" aria-hidden="true" />
              <span className="people-list__name">{member.name}</span>
              <span className="badge badge--role">{roleLabels[member.role]}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Roster({ people, presence }: { people: CohortPerson[]; presence: Presence }) {
  const participants = people.filter(
    (member) => member.role === 'participant' && member.status === 'active',
  );
  const onlineIds = new Set(presence.online.map((member) => member.userId));
  return (
    <section className="card" aria-labelledby="roster-title">
      <div className="card__header">
        <h2 id="roster-title">Who is in the cohort</h2>
        <span className="muted">{participants.length} participants</span>
      </div>
      <ul className="people-list">
        {participants.map((member) => (
          <li key={member.userId}>
            <span
              className={`presence-dot${onlineIds.has(member.userId) ? ' presence-dot--online' : ''}`}
              aria-hidden="true"
            />
            <span className="people-list__name">
              {member.name}
              {onlineIds.has(member.userId) ? <span className="sr-only"> (online)</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

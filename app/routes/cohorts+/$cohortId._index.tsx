import { useRouteLoaderData } from '@remix-run/react';
import { roleLabels, statusLabels } from '~/components/role-label';
import { useCohortPresence, type ConnectionStatus } from '~/realtime/use-cohort-presence';
import type { loader as cohortLoader } from './$cohortId';

const connectionText: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  'signed-out': 'Not connected. Sign in again to see who is online.',
};

export default function CohortOverviewPage() {
  const data = useRouteLoaderData<typeof cohortLoader>('routes/cohorts+/$cohortId');
  if (!data) return null;
  return <CohortOverview cohort={data.cohort} />;
}

type Cohort = NonNullable<ReturnType<typeof useRouteLoaderData<typeof cohortLoader>>>['cohort'];

function CohortOverview({ cohort }: { cohort: Cohort }) {
  const { online, status } = useCohortPresence(cohort.id);
  const onlineIds = new Set(online.map((member) => member.userId));
  const participants = cohort.members.filter((member) => member.role === 'participant');
  const staff = cohort.members.filter((member) => member.role !== 'participant');

  return (
    <div className="two-column">
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
          <p className="muted">{status === 'live' ? 'Nobody else is here right now.' : ' '}</p>
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

      <section className="card" aria-labelledby="roster-title">
        <div className="card__header">
          <h2 id="roster-title">Roster</h2>
          <span className="muted">
            {participants.length} of {cohort.capacity} participants
          </span>
        </div>
        <ul className="people-list">
          {[...staff, ...participants].map((member) => (
            <li key={member.userId}>
              <span
                className={`presence-dot${onlineIds.has(member.userId) ? ' presence-dot--online' : ''}`}
                aria-hidden="true"
              />
              <span className="people-list__name">
                {member.name}
                {onlineIds.has(member.userId) ? <span className="sr-only"> (online)</span> : null}
              </span>
              <span className="badge badge--role">{roleLabels[member.role]}</span>
              {member.status !== 'active' ? (
                <span className="badge">{statusLabels[member.status] ?? member.status}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

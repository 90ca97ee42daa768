import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { credentialStatusLabels, daysBetween } from '~/evidence/labels';
import { countFeeDue, getRecentDecisions, getScoringQueue } from '~/scoring/scoring.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { requireCohortRole } from '~/permissions/permissions.server';
import { formatDateTime } from '~/utils/dates';

export const meta: MetaFunction = () => [{ title: 'Scoring queue · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'score');
  const now = new Date();
  const [queue, recent, feeDue] = await Promise.all([
    getScoringQueue(context.db, cohort.id),
    getRecentDecisions(context.db, cohort.id),
    countFeeDue(context.db, cohort.id),
  ]);
  return {
    queue: queue.map((entry) => ({ ...entry, days: daysBetween(entry.submittedAt, now) })),
    recent,
    feeDue,
    timezone: cohort.timezone,
  };
}

export default function ScoringQueuePage() {
  const { queue, recent, feeDue, timezone } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <section className="card" aria-labelledby="queue-title">
        <h2 id="queue-title">Waiting to be scored</h2>
        <p className="muted">Oldest first. Each is scored once: whoever saves first decides.</p>
        {feeDue > 0 ? (
          <p>
            {feeDue} more {feeDue === 1 ? 'submission waits' : 'submissions wait'} for a
            non-member’s scoring fee and will appear here once the organization records it.
          </p>
        ) : null}
        {queue.length === 0 ? (
          <p>Nothing is waiting. Submitted evidence appears here.</p>
        ) : (
          <ol className="scoring-queue">
            {queue.map((entry) => (
              <li key={entry.id}>
                <Link to={entry.id}>
                  {entry.authorName}: {entry.credentialTitle} (attempt {entry.attempt})
                </Link>{' '}
                <span className="muted">
                  submitted {formatDateTime(entry.submittedAt, timezone)}
                  {entry.days > 0
                    ? ` · waiting ${entry.days} day${entry.days === 1 ? '' : 's'}`
                    : ''}
                </span>{' '}
                {entry.feeStatus ? (
                  <span className="badge badge--ok">
                    {entry.feeStatus === 'paid' ? 'Fee paid' : 'Fee waived'}
                  </span>
                ) : (
                  <span className="badge">No fee</span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      {recent.length > 0 ? (
        <section className="card" aria-labelledby="recent-title">
          <h2 id="recent-title">Recently decided</h2>
          <ul>
            {recent.map((entry) => (
              <li key={entry.id}>
                <Link to={`../evidence/${entry.id}`} relative="path">
                  {entry.authorName}: {entry.credentialTitle} (attempt {entry.attempt})
                </Link>{' '}
                — {credentialStatusLabels[entry.status]}{' '}
                <span className="muted">{formatDateTime(entry.decidedAt, timezone)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

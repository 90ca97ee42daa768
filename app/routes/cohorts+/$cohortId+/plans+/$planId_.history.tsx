import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ChangesView } from '~/plans/diff-view';
import { loadPlanHistory } from '~/plans/pages.server';
import { formatDateTime } from '~/utils/dates';

export const meta: MetaFunction = () => [{ title: 'Plan history · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadPlanHistory(context, request, params);
}

export default function PlanHistory() {
  const { plan, entries, timezone } = useLoaderData<typeof loader>();
  return (
    <article className="stack" aria-labelledby="history-title">
      <p>
        <Link to=".." relative="path">
          ← Back to the plan
        </Link>
      </p>
      <header className="card">
        <p className="eyebrow">Action plan · {plan.unitTitle}</p>
        <h2 id="history-title">History of {plan.authorName}’s plan</h2>
        <p className="muted">
          Each submitted version is kept. Words <ins className="diff-added">added</ins> and{' '}
          <del className="diff-removed">removed</del> are marked against the version before.
        </p>
      </header>
      {entries.length === 0 ? (
        <div className="empty-state">
          <p>Nothing has been submitted yet.</p>
        </div>
      ) : (
        entries.map((entry) => (
          <section key={entry.key} className="card" aria-labelledby={`entry-${entry.key}`}>
            <h3 id={`entry-${entry.key}`}>
              {entry.title}
              {entry.at ? (
                <span className="muted"> · submitted {formatDateTime(entry.at, timezone)}</span>
              ) : null}
            </h3>
            <ChangesView changes={entry.changes} />
            {entry.review ? (
              <div className={`review-summary review-summary--${entry.review.decision}`}>
                <p>
                  <strong>
                    {entry.review.decision === 'accepted' ? 'Accepted' : 'Revision requested'}
                  </strong>{' '}
                  by {entry.review.reviewerName ?? 'the coach'}
                  {entry.review.reviewedAt
                    ? `, ${formatDateTime(entry.review.reviewedAt, timezone)}`
                    : ''}
                </p>
                {entry.review.notes.length > 0 ? (
                  <ul>
                    {entry.review.notes.map((note) => (
                      <li key={note.label}>
                        <strong>{note.label}:</strong>{' '}
                        <span className="plan-text">{note.note}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
          </section>
        ))
      )}
    </article>
  );
}

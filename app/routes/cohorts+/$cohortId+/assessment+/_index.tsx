import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useRouteLoaderData,
  useSearchParams,
} from '@remix-run/react';
import { handleRemind } from '~/assessment/actions.server';
import { loadAssessmentPage } from '~/assessment/pages.server';
import { bandLabels, scoreBand } from '~/assessment/score-band';
import { formatDateTime } from '~/utils/dates';
import type { loader as cohortLoader } from '../_layout';
import { ScrollRegion } from '~/components/scroll-region';
import { SubmissionAlert } from '~/components/forms';

export const meta: MetaFunction = () => [{ title: 'Pre-assessment · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadAssessmentPage(context, request, params.cohortId);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleRemind(context, request, params.cohortId);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function AssessmentPage() {
  const page = useLoaderData<typeof loader>();
  return page.view === 'participant' ? (
    <ParticipantAssessment page={page} />
  ) : (
    <StaffResults page={page} />
  );
}

function ParticipantAssessment({ page }: { page: Extract<PageData, { view: 'participant' }> }) {
  if (!page.assessment) {
    return (
      <div className="empty-state">
        <p>This program has no pre-assessment yet. Your coach will tell you when it is ready.</p>
      </div>
    );
  }
  if (page.profile) {
    return (
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">Your competency profile</h2>
        <p>
          Submitted {formatDateTime(page.submittedAt, page.timezone)}. Only you and your coaching
          team see these scores.
        </p>
        <p className="muted">
          Each competency is scored from 0 to 100: half from how you rated your own practice, half
          from the knowledge questions. A lower score is not a grade; it shows where the modules can
          help most, and your coach uses the whole group’s profile to choose them. A dash means the
          competency was asked only as an open question, which your coach reads.
        </p>
        <ScrollRegion label="Your score per competency">
          <table className="table">
            <caption className="sr-only">Your score per competency</caption>
            <thead>
              <tr>
                <th scope="col">Competency</th>
                <th scope="col">Score</th>
                <th scope="col">Self-rating</th>
                <th scope="col">Knowledge</th>
              </tr>
            </thead>
            <tbody>
              {page.profile.map((entry) => {
                const band = scoreBand(entry.score);
                return (
                  <tr key={entry.id}>
                    <th scope="row">
                      {entry.code} {entry.title}
                    </th>
                    <td className={`heat heat--${band}`}>
                      {entry.score ?? '—'}
                      <span className="sr-only"> ({bandLabels[band]})</span>
                    </td>
                    <td>{entry.selfRating ?? '—'}</td>
                    <td>{entry.knowledge ?? '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    );
  }
  if (page.status === 'forming') {
    return (
      <section className="card" aria-labelledby="soon-title">
        <h2 id="soon-title">{page.assessment.title}</h2>
        <p>
          The pre-assessment opens when your facilitator moves the cohort to the pre-assessment
          stage. It has {page.assessment.itemCount} questions and takes about 20 minutes.
        </p>
      </section>
    );
  }
  if (page.status !== 'assessing') {
    return (
      <section className="card" aria-labelledby="closed-title">
        <h2 id="closed-title">{page.assessment.title}</h2>
        <p>The pre-assessment is closed. You did not submit it, so there is no profile to show.</p>
      </section>
    );
  }
  const started = page.answeredCount > 0;
  return (
    <section className="card" aria-labelledby="take-title">
      <h2 id="take-title">{page.assessment.title}</h2>
      <p>{page.assessment.intro}</p>
      <p>
        <strong>
          {page.answeredCount} of {page.assessment.itemCount} answered.
        </strong>{' '}
        Every answer is saved as you go, so you can stop and come back on any device.
      </p>
      <p className="actions-row">
        <Link
          to={page.resumeAt ? `questions/${page.resumeAt}` : 'review'}
          className="button button--primary"
        >
          {started ? 'Continue the pre-assessment' : 'Start the pre-assessment'}
        </Link>
        {started ? (
          <Link to="review" className="button">
            Review and submit
          </Link>
        ) : null}
      </p>
    </section>
  );
}

function StaffResults({ page }: { page: Extract<PageData, { view: 'staff' }> }) {
  const layout = useRouteLoaderData<typeof cohortLoader>('routes/cohorts+/$cohortId+/_layout');
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { results, order } = page;
  const programId = layout?.cohort.program.id;

  const sortLink = (key: string) => {
    const next = new URLSearchParams(searchParams);
    next.set('sort', key);
    next.set('dir', order.sort === key && order.dir === 'asc' ? 'desc' : 'asc');
    return `?${next.toString()}`;
  };
  const ariaSort = (key: string) =>
    order.sort === key ? (order.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  const sortedByName = !results.competencies.some((competency) => competency.id === order.sort);

  if (!results.assessment) {
    return (
      <div className="empty-state">
        <p>This program has no pre-assessment yet.</p>
        {page.canAuthor && programId ? (
          <Link to={`/programs/${programId}/assessment`} className="button">
            Write the pre-assessment
          </Link>
        ) : null}
      </div>
    );
  }

  return (
    <div className="stack">
      <SubmissionAlert result={reply?.result} />
      <div className="card__header">
        <p className="muted" style={{ margin: 0 }}>
          {results.assessment.title} (version {results.assessment.version}, {results.itemCount}{' '}
          questions) · {results.submittedCount} of {results.participantCount} submitted
        </p>
        <div className="actions-row">
          {page.canAuthor && programId ? (
            <Link to={`/programs/${programId}/assessment`} className="button button--quiet">
              Edit the assessment
            </Link>
          ) : null}
          <a href="assessment/results.csv" className="button button--quiet" download>
            Download CSV
          </a>
        </div>
      </div>

      <section className="card" aria-labelledby="heatmap-title">
        <h2 id="heatmap-title">Competency heatmap</h2>
        {results.rows.length === 0 ? (
          <p className="muted">Scores appear here as participants submit.</p>
        ) : (
          <>
            <p className="muted" id="heatmap-legend">
              Scores 0–100. Colour bands: <span className="heat heat--low">below 50</span>{' '}
              <span className="heat heat--mid">50–74</span>{' '}
              <span className="heat heat--high">75 or more</span>; “—” means no score. Select a
              column heading to sort.
            </p>
            <ScrollRegion label="Competency heatmap">
              <table className="table heatmap" aria-describedby="heatmap-legend">
                <caption className="sr-only">
                  Competency scores by participant, sorted by{' '}
                  {sortedByName
                    ? 'name'
                    : results.competencies.find((competency) => competency.id === order.sort)
                        ?.code}{' '}
                  {order.dir === 'asc' ? 'ascending' : 'descending'}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" aria-sort={sortedByName ? ariaSort(order.sort) : undefined}>
                      <Link to={sortLink('name')} preventScrollReset>
                        Participant
                      </Link>
                    </th>
                    {results.competencies.map((competency) => (
                      <th key={competency.id} scope="col" aria-sort={ariaSort(competency.id)}>
                        <Link
                          to={sortLink(competency.id)}
                          preventScrollReset
                          title={competency.title}
                        >
                          <span className="heatmap__code">{competency.code}</span>
                          <span className="heatmap__title">{competency.title}</span>
                        </Link>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {results.rows.map((row) => (
                    <tr key={row.memberId}>
                      <th scope="row">{row.name}</th>
                      {results.competencies.map((competency) => {
                        const score =
                          row.scores.find((entry) => entry.competencyId === competency.id)?.score ??
                          null;
                        const band = scoreBand(score);
                        return (
                          <td key={competency.id} className={`heat heat--${band}`}>
                            {score ?? '—'}
                            <span className="sr-only"> ({bandLabels[band]})</span>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Cohort mean</th>
                    {results.summaries.map((summary) => (
                      <td key={summary.competencyId}>{summary.mean ?? '—'}</td>
                    ))}
                  </tr>
                  <tr>
                    <th scope="row">Spread (standard deviation)</th>
                    {results.summaries.map((summary) => (
                      <td key={summary.competencyId}>{summary.spread ?? '—'}</td>
                    ))}
                  </tr>
                  <tr>
                    <th scope="row">Range</th>
                    {results.summaries.map((summary) => (
                      <td key={summary.competencyId}>
                        {summary.min === null ? '—' : `${summary.min}–${summary.max}`}
                      </td>
                    ))}
                  </tr>
                  <tr>
                    <th scope="row">Below 50</th>
                    {results.summaries.map((summary) => (
                      <td key={summary.competencyId}>
                        {summary.below50} of {summary.scored}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              </table>
            </ScrollRegion>
          </>
        )}
      </section>

      <div className="two-column two-column--even">
        <section className="card" aria-labelledby="waiting-title">
          <div className="card__header">
            <h2 id="waiting-title">Not submitted yet</h2>
            {page.canRemind && results.waiting.length > 1 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="remind-all" />
                <input type="hidden" name="idempotencyKey" value={page.idempotencyKey} />
                <button type="submit" className="button">
                  Remind all {results.waiting.length}
                </button>
              </Form>
            ) : null}
          </div>
          {results.waiting.length === 0 ? (
            <p className="muted">Everyone has submitted.</p>
          ) : (
            <ul className="people-list">
              {results.waiting.map((person) => (
                <li key={person.memberId}>
                  <span className="people-list__name">
                    {person.name}
                    <span className="muted">
                      {' '}
                      ·{' '}
                      {person.startedAt
                        ? `${person.answered} of ${results.itemCount} answered`
                        : 'not started'}
                    </span>
                  </span>
                  {page.canRemind ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remind" />
                      <input type="hidden" name="idempotencyKey" value={page.idempotencyKey} />
                      <input type="hidden" name="memberId" value={person.memberId} />
                      <button type="submit" className="button button--quiet">
                        Remind<span className="sr-only"> {person.name}</span>
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="open-title">
          <h2 id="open-title">Open answers</h2>
          {results.openText.length === 0 ? (
            <p className="muted">This assessment has no open questions.</p>
          ) : (
            results.openText.map((item) => (
              <div key={item.itemId} className="open-answers">
                <h3>
                  {item.competencyCode}: {item.prompt}
                </h3>
                {item.answers.length === 0 ? (
                  <p className="muted">No submitted answers yet.</p>
                ) : (
                  <ul>
                    {item.answers.map((answer) => (
                      <li key={answer.memberId}>
                        <strong>{answer.name}:</strong>{' '}
                        <span className="open-answers__text">{answer.text}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ))
          )}
        </section>
      </div>
    </div>
  );
}

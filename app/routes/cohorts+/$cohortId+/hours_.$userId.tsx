import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { loadHoursBreakdownPage } from '~/act48/pages.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ScrollRegion } from '~/components/scroll-region';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `How ${data.person.name}’s hours were counted · Cadre` : 'Hours · Cadre' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadHoursBreakdownPage(context, request, params);
}

export default function HoursBreakdownPage() {
  const page = useLoaderData<typeof loader>();
  const { person, rules } = page;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="breakdown-title">
        <h2 id="breakdown-title">How {person.name}’s hours were counted</h2>
        <p>
          {page.totalLabel} in this cohort, reported as {person.reportedAs} hours
          {person.reportedAs === 'Act 48' && !person.hasPpid
            ? '. No PPID is recorded yet, so they cannot be sent to PERMS.'
            : '.'}
        </p>
        <p className="muted">
          {rules.program}: completing the cohort gives {rules.hoursForCompleting} hours (every
          assigned module complete and present at {rules.thresholdPercent}% or more of the coaching
          sessions held); earning a micro-credential adds its own hours ({rules.hoursForAttaining}{' '}
          unless the micro-credential says otherwise).
        </p>
        {page.isStaff ? (
          <p>
            <Link to={`/cohorts/${page.cohort.id}/hours`}>Back to the cohort’s hours</Link>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="entries-title">
        <h2 id="entries-title">Entries</h2>
        {page.entries.length === 0 ? (
          <p className="muted">No hours recorded yet.</p>
        ) : (
          <ol className="people-list" aria-label="Hours entries, oldest first">
            {page.entries.map((entry) => (
              <li key={entry.id}>
                <div>
                  <p>
                    <strong>{entry.hoursLabel}</strong> · {entry.sourceLabel} · {entry.when}{' '}
                    <span className={`badge${entry.state === 'held' ? ' badge--warn' : ''}`}>
                      {entry.stateLabel}
                      {entry.sentOn ? ` on ${entry.sentOn}` : ''}
                    </span>
                  </p>
                  {entry.source === 'completion' ? (
                    <p className="muted">
                      Made of attendance: {page.creditedMinutes} of {page.scheduledMinutes}{' '}
                      scheduled minutes credited across the coaching sessions below.
                    </p>
                  ) : null}
                  {entry.microCredential ? (
                    <p className="muted">
                      Made of the micro-credential {entry.microCredential.code}{' '}
                      {entry.microCredential.title}
                      {entry.microCredential.earnedOn
                        ? `, earned ${entry.microCredential.earnedOn}`
                        : ''}
                      ; the program gives {entry.microCredential.ruleHours} hours for earning it.
                    </p>
                  ) : null}
                  <p className="muted">{entry.reason}</p>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card" aria-labelledby="attendance-title">
        <h2 id="attendance-title">Coaching sessions attended</h2>
        <p className="muted">
          Minutes count only inside each coaching session’s scheduled time: joining early, staying
          late and time away in between (breaks) are not credited.
        </p>
        {page.sessions.length === 0 ? (
          <p className="muted">No coaching session has been held yet.</p>
        ) : (
          <ScrollRegion label="Minutes per coaching session">
            <table className="table">
              <caption className="sr-only">Minutes credited per coaching session</caption>
              <thead>
                <tr>
                  <th scope="col">Coaching session</th>
                  <th scope="col">Scheduled</th>
                  <th scope="col">Minutes credited</th>
                  <th scope="col">Present</th>
                </tr>
              </thead>
              <tbody>
                {page.sessions.map((session) => (
                  <tr key={session.id}>
                    <th scope="row">
                      {session.title}
                      <span className="muted"> · {session.when}</span>
                    </th>
                    <td>{session.scheduledMinutes} min</td>
                    <td>{session.minutesCredited} min</td>
                    <td>
                      {session.present ? 'Yes' : 'No'}
                      {session.overrideReason ? (
                        <span className="muted">
                          {' '}
                          (set by the facilitator: {session.overrideReason})
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

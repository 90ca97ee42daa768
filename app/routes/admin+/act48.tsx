import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { loadOrganizationAct48Page } from '~/act48/pages.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ScrollRegion } from '~/components/scroll-region';

export const meta: MetaFunction = () => [{ title: 'Act 48 and Chapter 14 · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadOrganizationAct48Page(context, request);
}

export default function OrganizationAct48Page() {
  const { organization, queue, overdueCount, missing, chapter14 } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Organization</p>
        <h1>Act 48 and Chapter 14</h1>
        <p className="lead">
          Hours are issued within 30 days of confirming a complete submission: a cohort completed or
          a micro-credential earned. Days count on {organization.name}’s calendar (
          {organization.timezone}). Send Act 48 hours from the{' '}
          <Link to="/admin/act48/perms">PERMS upload</Link>.
        </p>
      </header>

      <section className="card" aria-labelledby="queue-title">
        <h2 id="queue-title">
          Waiting to be issued{' '}
          <span className={`badge${overdueCount > 0 ? ' badge--danger' : ''}`}>
            {overdueCount} overdue
          </span>
        </h2>
        {queue.length === 0 ? (
          <p className="muted">
            Nothing is waiting: every confirmed submission’s hours are issued.
          </p>
        ) : (
          <ScrollRegion label="Hours waiting to be issued">
            <table className="table">
              <caption className="sr-only">Hours waiting to be issued, overdue first</caption>
              <thead>
                <tr>
                  <th scope="col">Days left</th>
                  <th scope="col">Educator</th>
                  <th scope="col">For</th>
                  <th scope="col">Confirmed</th>
                  <th scope="col">Due</th>
                  <th scope="col">Waiting for</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((item) => (
                  <tr key={item.id}>
                    <td>
                      <span
                        className={`badge${item.overdue ? ' badge--danger' : item.daysLeft <= 7 ? ' badge--warn' : ''}`}
                      >
                        {item.daysLeftLabel}
                      </span>
                    </td>
                    <th scope="row">
                      <Link to={`/cohorts/${item.cohortId}/hours/${item.userId}`}>{item.name}</Link>
                    </th>
                    <td>
                      {item.what}
                      <span className="muted">
                        {' '}
                        · {item.cohortName} · {item.reportedAs}
                      </span>
                    </td>
                    <td>{item.confirmedOn}</td>
                    <td>{item.dueOn}</td>
                    <td>{item.waitingFor ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section className="card" aria-labelledby="missing-title">
        <h2 id="missing-title">
          Participants without a PPID{' '}
          <span className={`badge${missing.length > 0 ? ' badge--warn' : ''}`}>
            {missing.length}
          </span>
        </h2>
        {missing.length === 0 ? (
          <p className="muted">Every participant has a PPID or is reported under Chapter 14.</p>
        ) : (
          <>
            <p>
              PERMS credits Act 48 hours only by PPID; these participants’ hours cannot be sent.
            </p>
            <ul className="people-list" aria-label="Participants without a PPID">
              {missing.map((person) => (
                <li key={person.userId}>
                  <span className="people-list__name">
                    {person.name} <span className="muted">{person.email}</span>
                  </span>
                  <span className="muted">
                    {person.cohorts.map((cohort) => cohort.name).join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="chapter14-title">
        <h2 id="chapter14-title">Chapter 14 hours</h2>
        <p className="muted">
          Paraprofessionals’ hours are reported as Chapter 14 hours, not Act 48: 20 a school year,
          July to June.
        </p>
        {chapter14.length === 0 ? (
          <p className="muted">Nobody is marked as a paraprofessional.</p>
        ) : (
          <ScrollRegion label="Chapter 14 hours">
            <table className="table">
              <caption className="sr-only">Chapter 14 hours per school year</caption>
              <thead>
                <tr>
                  <th scope="col">Paraprofessional</th>
                  <th scope="col">School year</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Of 20</th>
                  <th scope="col">Letter</th>
                </tr>
              </thead>
              <tbody>
                {chapter14.flatMap((person) =>
                  person.years.length === 0
                    ? [
                        <tr key={person.userId}>
                          <th scope="row">{person.name}</th>
                          <td colSpan={4} className="muted">
                            No hours yet
                          </td>
                        </tr>,
                      ]
                    : person.years.map((year) => (
                        <tr key={`${person.userId}-${year.startYear}`}>
                          <th scope="row">{person.name}</th>
                          <td>{year.label}</td>
                          <td>
                            {year.hours}
                            {year.held > 0 ? (
                              <span className="muted"> (+{year.held} held for evaluation)</span>
                            ) : null}
                          </td>
                          <td>
                            <span className={`badge${year.met ? ' badge--ok' : ' badge--warn'}`}>
                              {year.met
                                ? 'Met'
                                : `${Math.round(Math.max(0, year.required - year.hours) * 100) / 100} to go`}
                            </span>
                          </td>
                          <td>
                            <a
                              href={`/transcripts/${person.userId}/chapter-14.pdf?year=${year.startYear}`}
                              download
                            >
                              Chapter 14 letter (PDF)
                              <span className="sr-only">
                                {' '}
                                for {person.name}, {year.label}
                              </span>
                            </a>
                          </td>
                        </tr>
                      )),
                )}
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

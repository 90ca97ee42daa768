import { Form, Link } from '@remix-run/react';
import type { loadTranscriptPage } from '~/hours/transcript-page.server';
import { ScrollRegion } from '~/components/scroll-region';

type TranscriptView = Awaited<ReturnType<typeof loadTranscriptPage>>;

/** The transcript as the person and the people allowed to read it see it. */
export function TranscriptView({ data }: { data: TranscriptView }) {
  const { person, cohorts } = data;
  return (
    <div className="stack">
      <header className="page-header page-header--with-action">
        <div>
          <p className="eyebrow">{person.organizationName}</p>
          <h1>{data.own ? 'My transcript' : `Transcript: ${person.name}`}</h1>
          <p className="lead">
            {data.totalLabel} of professional learning
            {person.stateEducatorId ? ` · State educator id ${person.stateEducatorId}` : ''}
          </p>
        </div>
        <div className="actions-row">
          <a href={data.pdfHref} className="button" download>
            Download PDF
          </a>
          {data.recordAction ? (
            <Form method="post" action={data.recordAction}>
              <input type="hidden" name="intent" value="issue" />
              <button type="submit" className="button">
                Signed learner record (CLR)
              </button>
            </Form>
          ) : null}
        </div>
      </header>

      {data.chapter14Letters.length > 0 ? (
        <section className="card" aria-labelledby="chapter-14">
          <h2 id="chapter-14">Chapter 14 letters</h2>
          <p>
            Paraprofessionals show 20 hours of staff development each school year, July to June.
            Each letter lists the hours of one school year.
          </p>
          <ul>
            {data.chapter14Letters.map((letter) => (
              <li key={letter.href}>
                <a href={letter.href} download>
                  Chapter 14 letter, {letter.label}
                </a>{' '}
                ({letter.hoursLabel})
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {cohorts.length === 0 ? (
        <div className="empty-state">
          <p>
            <strong>No cohorts yet.</strong>
          </p>
          <p>Hours and credentials appear here as they are recorded.</p>
        </div>
      ) : null}

      {cohorts.map((cohort) => (
        <section key={cohort.id} className="card" aria-labelledby={`cohort-${cohort.id}`}>
          <div className="card__header">
            <div>
              <p className="eyebrow">{cohort.programTitle}</p>
              <h2 id={`cohort-${cohort.id}`}>{cohort.name}</h2>
              <p className="muted">{cohort.dates}</p>
            </div>
            {cohort.certificateHref ? (
              <a href={cohort.certificateHref} className="button button--quiet" download>
                Completion certificate (PDF)
              </a>
            ) : null}
          </div>
          <dl className="facts">
            {cohort.bySource.map((item) => (
              <div key={item.label}>
                <dt>{item.label}</dt>
                <dd>{item.value}</dd>
              </div>
            ))}
            <div>
              <dt>Total</dt>
              <dd>{cohort.totalLabel}</dd>
            </div>
          </dl>

          {cohort.credentials.length > 0 ? (
            <div className="recognition-block">
              <h3>Credentials</h3>
              <ul>
                {cohort.credentials.map((credential) => (
                  <li key={credential.id}>
                    <Link to={`/credentials/${credential.id}`}>{credential.title}</Link>{' '}
                    <span className="muted">
                      {credential.hoursLabel} · issued {credential.issued}
                    </span>{' '}
                    {credential.revoked ? (
                      <span className="badge badge--danger">Revoked</span>
                    ) : credential.shared ? (
                      <span className="badge badge--ok">Shared publicly</span>
                    ) : (
                      <span className="badge badge--role">Private</span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          {cohort.entries.length > 0 ? (
            <ScrollRegion label={`Hours entries for ${cohort.name}`} className="recognition-block">
              <table className="table">
                <caption className="sr-only">Hours entries for {cohort.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Source</th>
                    <th scope="col">Hours</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {cohort.entries.map((entry) => (
                    <tr key={entry.id}>
                      <td>{entry.when}</td>
                      <td>{entry.source}</td>
                      <td>{entry.hours}</td>
                      <td>{entry.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          ) : (
            <p className="muted">No hours recorded in this cohort yet.</p>
          )}
        </section>
      ))}
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { ReasonForm, SelectField, TextField } from '~/components/forms';
import { loadHoursPage, submitHoursAction } from '~/hours/hours-page.server';
import { ScrollRegion } from '~/components/scroll-region';

export const meta: MetaFunction = () => [{ title: 'Hours · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadHoursPage(context, request, params.cohortId);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return submitHoursAction(context, request, params.cohortId);
}

export default function HoursPage() {
  const {
    cohort,
    people,
    entries,
    canEdit,
    hoursForCompleting,
    thresholdPercent,
    idempotencyKey,
    withoutPpid,
  } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const reversing =
    canEdit && searchParams.get('confirm') === 'reverse'
      ? entries.find((entry) => entry.id === searchParams.get('entry') && entry.reversible)
      : undefined;

  return (
    <div className="stack">
      {reversing ? (
        <section className="card confirm-panel" aria-labelledby="reverse-title">
          <h2 id="reverse-title">
            Reverse {reversing.hoursLabel} for {reversing.name}?
          </h2>
          <p>
            A reversing entry of the opposite amount is added; the original stays in the ledger and
            the export, and the two net to zero. This cannot be undone, only adjusted.
          </p>
          <p className="muted">{reversing.reason}</p>
          <ReasonForm
            fields={{ intent: 'reverse', entryId: reversing.id, idempotencyKey }}
            label="Why is it reversed?"
            submitLabel="Reverse entry"
          />
        </section>
      ) : null}

      <section className="card" aria-labelledby="no-ppid-title">
        <h2 id="no-ppid-title">
          Participants without a PPID{' '}
          <span className={`badge${withoutPpid.length > 0 ? ' badge--warn' : ''}`}>
            {withoutPpid.length}
          </span>
        </h2>
        {withoutPpid.length === 0 ? (
          <p className="muted">
            Everyone has a PPID, or is a paraprofessional whose hours are reported under Chapter 14.
          </p>
        ) : (
          <>
            <p>
              Act 48 hours cannot be sent to PERMS for{' '}
              {withoutPpid.length === 1 ? 'this participant' : 'these participants'} until a PPID is
              recorded.
            </p>
            <ul className="people-list" aria-label="Participants without a PPID">
              {withoutPpid.map((person) => (
                <li key={person.userId}>{person.name}</li>
              ))}
            </ul>
          </>
        )}
        {canEdit ? (
          <p>
            <Link to={`/cohorts/${cohort.id}/act48`}>Act 48 settings and evaluations</Link>
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="totals-title">
        <div className="card__header">
          <h2 id="totals-title">Professional-learning hours</h2>
          {canEdit ? (
            <a href="hours.csv" className="button button--quiet" download>
              Download CSV
            </a>
          ) : null}
        </div>
        <p className="muted">
          Completing gives {hoursForCompleting} once the cohort reaches the share-out: every
          assigned module complete and present at {thresholdPercent}% or more of the coaching
          sessions held. Each earned micro-credential adds its own hours.
        </p>
        <ScrollRegion label="Hours per participant">
          <table className="table">
            <caption className="sr-only">Hours per participant</caption>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">State educator id</th>
                <th scope="col">Modules complete</th>
                <th scope="col">Sessions attended</th>
                <th scope="col">Completion rule</th>
                <th scope="col">Net hours</th>
                <th scope="col">How counted</th>
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.userId}>
                  <th scope="row">
                    <Link to={`/transcripts/${person.userId}`}>{person.name}</Link>
                  </th>
                  <td>{person.stateEducatorId ?? <span className="muted">not given</span>}</td>
                  <td>{person.progress}</td>
                  <td>{person.attendance}</td>
                  <td>
                    <span className={`badge${person.meetsRule ? '' : ' badge--warn'}`}>
                      {person.meetsRule ? 'Met' : 'Not yet'}
                    </span>
                  </td>
                  <td>{person.totalLabel}</td>
                  <td>
                    <Link
                      to={`/cohorts/${cohort.id}/hours/${person.userId}`}
                      aria-label={`How ${person.name}’s hours were counted`}
                    >
                      Details
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      {canEdit && people.length > 0 ? (
        <section className="card" aria-labelledby="adjust-title">
          <h2 id="adjust-title">Add an adjustment</h2>
          <p className="muted">
            For hours the rules do not see, or to take some away. Entries are never edited; the
            reason shows on the participant’s transcript and in the export.
          </p>
          <Form method="post" className="form form--narrow">
            <input type="hidden" name="intent" value="adjust" />
            <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
            <SelectField name="userId" label="Participant" required defaultValue="">
              <option value="" disabled>
                Choose a participant
              </option>
              {people.map((person) => (
                <option key={person.userId} value={person.userId}>
                  {person.name}
                </option>
              ))}
            </SelectField>
            <TextField
              name="hours"
              label="Hours"
              type="number"
              step="0.25"
              min={-100}
              max={100}
              required
              hint="Negative to take hours away, e.g. -1.5."
            />
            <TextField
              type="text"
              name="reason"
              label="Reason"
              required
              minLength={3}
              maxLength={500}
            />
            <button type="submit" className="button button--primary">
              Add adjustment
            </button>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="ledger-title">
        <h2 id="ledger-title">Ledger</h2>
        {entries.length === 0 ? (
          <p className="muted">No hours recorded yet.</p>
        ) : (
          <ScrollRegion label="Every hours entry">
            <table className="table">
              <caption className="sr-only">Every hours entry, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Participant</th>
                  <th scope="col">Source</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Reason</th>
                  <th scope="col">By</th>
                  {canEdit ? <th scope="col">Correct</th> : null}
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.id}>
                    <td>{entry.when}</td>
                    <th scope="row">{entry.name}</th>
                    <td>{entry.sourceLabel}</td>
                    <td>{entry.hoursLabel}</td>
                    <td>
                      {entry.reason}
                      {entry.reversedBy ? <span className="muted"> (reversed)</span> : null}
                    </td>
                    <td>{entry.authorName ?? 'Cadre'}</td>
                    {canEdit ? (
                      <td>
                        {entry.reversible ? (
                          <Link
                            to={`?confirm=reverse&entry=${entry.id}`}
                            aria-label={`Reverse ${entry.hoursLabel} for ${entry.name}`}
                          >
                            Reverse…
                          </Link>
                        ) : null}
                      </td>
                    ) : null}
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

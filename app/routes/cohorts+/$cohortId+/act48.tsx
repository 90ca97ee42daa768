import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { loadCohortAct48Page, submitCohortAct48Settings } from '~/act48/pages.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ScrollRegion } from '~/components/scroll-region';
import { TextField } from '~/components/forms';

export const meta: MetaFunction = () => [{ title: 'Act 48 and Chapter 14 · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadCohortAct48Page(context, request, params.cohortId);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { result, status } = await submitCohortAct48Settings(context, request, params.cohortId);
  return data({ result }, { status });
}

export default function CohortAct48Page() {
  const { cohort, setting, missing, participants, evaluationsIn } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{
    intent: string;
    evaluationRequired: string;
    permsActivityId: string;
  }>({
    lastResult: reply?.result,
  });

  return (
    <div className="stack">
      <section className="card" aria-labelledby="missing-title">
        <h2 id="missing-title">
          Without a PPID{' '}
          <span className={`badge${missing.length > 0 ? ' badge--warn' : ''}`}>
            {missing.length}
          </span>
        </h2>
        {missing.length === 0 ? (
          <p className="muted">
            Every participant has a PPID (or is a paraprofessional, reported under Chapter 14).
          </p>
        ) : (
          <>
            <p>
              PERMS credits Act 48 hours only by PPID, so these participants’ hours cannot be sent
              until they add theirs.
            </p>
            <ul className="people-list" aria-label="Participants without a PPID">
              {missing.map((person) => (
                <li key={person.userId}>{person.name}</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Reporting settings</h2>
        <Form method="post" className="form form--narrow" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="save" />
          <div className="field">
            <label className="choice" htmlFor={fields.evaluationRequired.id}>
              <input
                type="checkbox"
                id={fields.evaluationRequired.id}
                name={fields.evaluationRequired.name}
                value="on"
                defaultChecked={setting.evaluationRequired}
                aria-describedby={`${fields.evaluationRequired.id}-hint`}
              />
              Ask for a program evaluation before hours are released
            </label>
            <p className="muted" id={`${fields.evaluationRequired.id}-hint`}>
              Each participant’s hours wait, held for evaluation, until they complete it. The ledger
              is not changed: the hours are recorded and counted as soon as they are earned.
            </p>
            {fields.evaluationRequired.errors ? (
              <p className="field-error">{fields.evaluationRequired.errors[0]}</p>
            ) : null}
          </div>
          <TextField
            name={fields.permsActivityId.name}
            id={fields.permsActivityId.id}
            label="PERMS activity id"
            defaultValue={setting.permsActivityId ?? ''}
            maxLength={40}
            hint="The id PERMS gave this activity when it was registered; it goes on every upload row."
            error={fields.permsActivityId.errors?.[0]}
          />
          <button type="submit" className="button button--primary">
            Save settings
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="evaluations-title">
        <div className="card__header">
          <h2 id="evaluations-title">Program evaluations</h2>
          {evaluationsIn > 0 ? (
            <span className="actions-row">
              <a href="evaluation.csv" className="button button--quiet" download>
                Download CSV
              </a>
              <a href="evaluation.csv?anonymous=1" className="button button--quiet" download>
                Download anonymous CSV
              </a>
            </span>
          ) : null}
        </div>
        <p className="muted">
          {evaluationsIn} of {participants.length} participants have completed the evaluation. The
          anonymous file leaves out names, emails and dates, though free-text answers may still say
          who wrote them.
        </p>
        {participants.length === 0 ? (
          <p className="muted">No participants yet.</p>
        ) : (
          <ScrollRegion label="Participants and evaluations">
            <table className="table">
              <caption className="sr-only">
                Participants, how they are reported and their evaluation
              </caption>
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  <th scope="col">Reported as</th>
                  <th scope="col">Evaluation</th>
                  <th scope="col">Hours</th>
                </tr>
              </thead>
              <tbody>
                {participants.map((person) => (
                  <tr key={person.userId}>
                    <th scope="row">{person.name}</th>
                    <td>{person.reportedAs}</td>
                    <td>{person.evaluated ?? <span className="muted">not yet</span>}</td>
                    <td>
                      <Link
                        to={`/cohorts/${cohort.id}/hours/${person.userId}`}
                        aria-label={`How ${person.name}’s hours were counted`}
                      >
                        How counted
                      </Link>
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

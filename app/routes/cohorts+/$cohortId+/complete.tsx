import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { getCompletionPreview } from '~/cohorts/completion-preview.server';
import { getCohortFacts, missingForTransition } from '~/cohorts/lifecycle.server';
import { handleStageMove } from '~/cohorts/stage-actions.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ScrollRegion } from '~/components/scroll-region';
import { formatHours } from '~/hours/ledger.server';
import { requireCohortRole } from '~/permissions/permissions.server';

export const meta: MetaFunction = () => [{ title: 'Complete the cohort · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'administer');
  // only a cohort at its share-out can be completed; anywhere else the overview says why
  if (cohort.status !== 'sharing') throw redirect(`/cohorts/${cohort.id}`);
  const [preview, facts] = await Promise.all([
    getCompletionPreview(context.db, { cohortId: cohort.id }),
    getCohortFacts(context.db, cohort.id),
  ]);
  const missing = facts ? missingForTransition(facts, 'completed') : [];
  return {
    cohortId: cohort.id,
    cohortName: cohort.name,
    missing,
    ...preview,
    hoursLabel: formatHours(preview.hoursForCompleting),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const outcome = await handleStageMove(context, request, params.cohortId);
  return data(outcome, { status: 400 });
}

export default function CompleteCohortPage() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const refused = reply?.result.error?.[''];
  const missing = refused?.length ? refused : page.missing;
  const notMeeting = page.people.length - page.meetCount;
  return (
    <section className="card stack" aria-labelledby="complete-title">
      <div className="card__header">
        <h2 id="complete-title">Complete the cohort</h2>
        <Link to={`/cohorts/${page.cohortId}`}>Back to the overview</Link>
      </div>
      <p>
        Completing records {page.hoursLabel} for each participant who meets the completion rule:
        every assigned module finished and at least {page.thresholdPercent}% of the coaching
        sessions attended. Hours cannot be taken back by a stage change, so check the list first.
      </p>
      {missing.length > 0 ? (
        <div className="alert alert--error" role="alert">
          <p>
            <strong>Not yet:</strong> the cohort cannot be completed until
          </p>
          <ul className="checklist">
            {missing.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {page.people.length === 0 ? (
        <div className="empty-state">
          <p>This cohort has no active participants, so completing it records no hours.</p>
        </div>
      ) : (
        <>
          <p className={page.meetCount === 0 ? 'alert alert--warning' : undefined}>
            <strong>
              {page.meetCount === 0
                ? 'Nobody meets the completion rule yet: nobody will receive hours.'
                : `${page.meetCount} of ${page.people.length} participants meet the rule and receive ${page.hoursLabel} each.`}
            </strong>
            {notMeeting > 0 && page.meetCount > 0
              ? ` ${notMeeting} do not yet and receive none; they are listed first.`
              : null}
          </p>
          <ScrollRegion label="Completion preview">
            <table className="table">
              <caption className="sr-only">
                Who receives hours on completion, and why or why not
              </caption>
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  <th scope="col">Meets the rule</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {page.people.map((person) => (
                  <tr key={person.userId}>
                    <th scope="row">{person.name}</th>
                    <td>{person.meets ? 'Yes' : 'Not yet'}</td>
                    <td>{person.meets ? page.hoursLabel : 'None'}</td>
                    <td>{person.details.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
      <Form method="post" className="actions-row">
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="to" value="completed" />
        <input type="hidden" name="confirm" value="complete" />
        <button
          type="submit"
          className="button button--primary"
          disabled={missing.length > 0 || navigation.state === 'submitting'}
        >
          {page.meetCount === 0
            ? 'Complete with no hours recorded'
            : `Complete and record hours for ${page.meetCount}`}
        </button>
        <Link to={`/cohorts/${page.cohortId}`} className="button button--quiet">
          Not now
        </Link>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

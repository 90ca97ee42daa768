import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { statusLabels } from '~/plans/content';
import { loadPlansIndex } from '~/plans/pages.server';
import { handlePlansIndexAction } from '~/plans/plan-actions.server';
import { SubmissionAlert } from '~/components/forms';
import { formatDateTime } from '~/utils/dates';
import { ScrollRegion } from '~/components/scroll-region';

export const meta: MetaFunction = () => [{ title: 'Action plans · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadPlansIndex(context, request, params);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handlePlansIndexAction(context, request, params);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function PlansIndex() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="stack">
      <SubmissionAlert result={reply && 'result' in reply ? reply.result : undefined} />
      {page.view === 'staff' ? <StaffPlans page={page} /> : <MyPlans page={page} />}
    </div>
  );
}

function MyPlans({ page }: { page: Extract<PageData, { view: 'participant' }> }) {
  if (page.units.length === 0) {
    return (
      <div className="empty-state">
        <p>
          Each unit of your pathway ends with an action plan. They open once your coach publishes
          the pathway.
        </p>
      </div>
    );
  }
  return (
    <section className="card" aria-labelledby="my-plans-title">
      <div className="card__header">
        <h2 id="my-plans-title">Your action plans</h2>
        <Link to="../gallery" relative="path" className="button button--quiet">
          Cohort gallery
        </Link>
      </div>
      <ol className="plan-list">
        {page.units.map((unit) => (
          <li key={unit.unitId} id={`unit-${unit.unitId}`} className="plan-list__item">
            <div>
              <h3>
                Unit {unit.unitPosition}: {unit.unitTitle}
              </h3>
              {unit.goal ? <p className="plan-list__goal">{unit.goal}</p> : null}
              {!unit.planId && unit.unitPrompt ? <p className="muted">{unit.unitPrompt}</p> : null}
            </div>
            <div className="plan-list__actions">
              {unit.planId && unit.status ? (
                <>
                  <span className={`badge badge--plan-${unit.status}`}>
                    {statusLabels[unit.status]}
                  </span>
                  {unit.sharedAt ? <span className="badge badge--plan-shared">Shared</span> : null}
                  <Link to={unit.planId} className="button">
                    Open<span className="sr-only"> the plan for {unit.unitTitle}</span>
                  </Link>
                </>
              ) : (
                <Form method="post">
                  <input type="hidden" name="unitId" value={unit.unitId} />
                  <button type="submit" className="button button--primary">
                    Start the plan<span className="sr-only"> for {unit.unitTitle}</span>
                  </button>
                </Form>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function StaffPlans({ page }: { page: Extract<PageData, { view: 'staff' }> }) {
  const waiting = page.plans.filter((plan) => plan.status === 'submitted').length;
  return (
    <section className="card" aria-labelledby="plans-title">
      <div className="card__header">
        <h2 id="plans-title">Action plans</h2>
        <Link to="../gallery" relative="path" className="button button--quiet">
          Cohort gallery
        </Link>
      </div>
      <p className="muted">
        {waiting === 0
          ? 'No plan is waiting for feedback.'
          : `${waiting} ${waiting === 1 ? 'plan is' : 'plans are'} waiting for feedback, oldest first.`}
      </p>
      {page.plans.length === 0 ? (
        <p className="muted">No participant has started a plan yet.</p>
      ) : (
        <ScrollRegion label="Action plans">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Unit</th>
                <th scope="col">Status</th>
                <th scope="col">Submitted</th>
              </tr>
            </thead>
            <tbody>
              {page.plans.map((plan) => (
                <tr key={plan.id}>
                  <td>
                    <Link to={plan.id}>{plan.authorName}</Link>
                  </td>
                  <td>{plan.unitTitle}</td>
                  <td>
                    <span className={`badge badge--plan-${plan.status}`}>
                      {statusLabels[plan.status]}
                    </span>
                    {plan.sharedAt ? (
                      <span className="badge badge--plan-shared">Shared</span>
                    ) : null}
                  </td>
                  <td>
                    {plan.submittedAt
                      ? formatDateTime(plan.submittedAt.toISOString(), page.timezone)
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

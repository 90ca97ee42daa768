import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { EVALUATION_STATEMENTS, RATING_LABELS } from '~/act48/evaluation';
import { loadEvaluationPage, submitEvaluationForm } from '~/act48/pages.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';

export const meta: MetaFunction = () => [{ title: 'Program evaluation · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadEvaluationPage(context, request, params.cohortId);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { result, status } = await submitEvaluationForm(context, request, params.cohortId);
  return data({ result }, { status });
}

type Fields = Record<(typeof EVALUATION_STATEMENTS)[number]['name'], string> & {
  applyPlan: string;
  improvements: string;
};

export default function EvaluationPage() {
  const { cohort, userId, required, submittedAt } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<Fields>({ lastResult: reply?.result });

  if (submittedAt) {
    return (
      <section className="card" aria-labelledby="evaluation-title">
        <h2 id="evaluation-title">Program evaluation</h2>
        <p role="status">
          You completed the evaluation of {cohort.name} on {submittedAt}. Thank you: your hours are
          not held for it.
        </p>
        <p>
          <Link to={`/cohorts/${cohort.id}/hours/${userId}`}>See how your hours were counted</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="evaluation-title">
      <h2 id="evaluation-title">Program evaluation</h2>
      <p>
        {required
          ? 'Your hours for this cohort are released once you complete this evaluation.'
          : 'This evaluation is optional for this cohort; your answers help improve it.'}{' '}
        Your facilitator sees the answers; they may share them without your name.
      </p>
      <Form method="post" className="form" {...getFormProps(form)}>
        {EVALUATION_STATEMENTS.map((statement) => {
          const field = fields[statement.name];
          const errorId = `${field.id}-error`;
          return (
            <fieldset
              key={statement.name}
              className="choices"
              aria-describedby={field.errors ? errorId : undefined}
            >
              <legend>{statement.text}</legend>
              {RATING_LABELS.map((label, index) => {
                const id = `${field.id}-${index + 1}`;
                return (
                  <div className="choice" key={label}>
                    <input
                      type="radio"
                      id={id}
                      name={field.name}
                      value={String(index + 1)}
                      required
                      defaultChecked={field.initialValue === String(index + 1)}
                    />
                    <label htmlFor={id}>{label}</label>
                  </div>
                );
              })}
              {field.errors ? (
                <p className="field-error" id={errorId}>
                  {field.errors[0]}
                </p>
              ) : null}
            </fieldset>
          );
        })}
        <div className="field">
          <label htmlFor={fields.applyPlan.id}>
            What will you do differently as a result? (optional)
          </label>
          <textarea
            id={fields.applyPlan.id}
            name={fields.applyPlan.name}
            rows={3}
            maxLength={2000}
            defaultValue={fields.applyPlan.initialValue ?? ''}
            aria-invalid={fields.applyPlan.errors ? true : undefined}
            aria-describedby={fields.applyPlan.errors ? `${fields.applyPlan.id}-error` : undefined}
          />
          {fields.applyPlan.errors ? (
            <p className="field-error" id={`${fields.applyPlan.id}-error`}>
              {fields.applyPlan.errors[0]}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={fields.improvements.id}>
            How could this program be better? (optional)
          </label>
          <textarea
            id={fields.improvements.id}
            name={fields.improvements.name}
            rows={3}
            maxLength={2000}
            defaultValue={fields.improvements.initialValue ?? ''}
            aria-invalid={fields.improvements.errors ? true : undefined}
            aria-describedby={
              fields.improvements.errors ? `${fields.improvements.id}-error` : undefined
            }
          />
          {fields.improvements.errors ? (
            <p className="field-error" id={`${fields.improvements.id}-error`}>
              {fields.improvements.errors[0]}
            </p>
          ) : null}
        </div>
        <button
          type="submit"
          className="button button--primary"
          disabled={navigation.state === 'submitting'}
        >
          Submit evaluation
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

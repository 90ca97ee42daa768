import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { Markdown } from '~/components/markdown';
import { ModuleResources } from '~/components/module-resources';
import { formatDueLabel, kindLabels, progressLabels } from '~/pathway/format';
import { handleModuleProgress, loadModulePage } from '~/pathway/module-page.server';
import { formatDateTime } from '~/utils/dates';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.module.title} · Cadre` : 'Module · Cadre' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadModulePage(context, request, params);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleModuleProgress(context, request, params);
}

export default function ModulePage() {
  const { module, timezone, isParticipant } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const status = module.progress?.status ?? 'not-started';
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{ intent: string; reflection: string }>({
    id: 'progress',
    lastResult: reply && 'result' in reply ? reply.result : undefined,
  });
  const error = form.errors?.[0] ?? fields.reflection.errors?.[0] ?? fields.intent.errors?.[0];
  return (
    <article className="stack" aria-labelledby="module-title">
      <p>
        <Link to="../../pathway" relative="path">
          ← Back to the pathway
        </Link>
      </p>
      <header className="card">
        <h2 id="module-title">{module.title}</h2>
        <p className="muted">
          {kindLabels[module.kind]} · about {module.minutes} minutes
          {module.competencies.length > 0 ? ` · builds ${module.competencies.join(', ')}` : ''}
        </p>
        {module.inPathway ? (
          <p>
            {module.unitTitle ? `${module.unitTitle} · ` : ''}
            {formatDueLabel(module.dueOn)}
            {isParticipant ? (
              <>
                {' '}
                ·{' '}
                <span className={`badge badge--progress-${status}`}>{progressLabels[status]}</span>
              </>
            ) : null}
          </p>
        ) : null}
        {module.rationale ? <p className="pathway-item__why">Why: {module.rationale}</p> : null}
      </header>
      <div className="card module-body">
        <Markdown source={module.body} />
      </div>
      <ModuleResources resources={module.resources} />
      {isParticipant && module.kind === 'action-plan' ? (
        <p className="card action-plan-step">
          <strong>Your action plan:</strong> write it from the SMART template; it saves as you type
          and goes to your coach when you submit it.{' '}
          <Link to="../../plans" relative="path">
            Open your action plans
          </Link>
        </p>
      ) : null}
      {isParticipant ? (
        <section className="card" aria-labelledby="reflection-title">
          <h2 id="reflection-title">Your reflection</h2>
          {error ? (
            <div className="alert alert--error" role="alert" id={fields.reflection.errorId}>
              {error}
            </div>
          ) : null}
          <Form method="post" className="form" {...getFormProps(form)}>
            <div className="field">
              <label htmlFor="reflection">
                What will you try in your classroom, and what do you expect to see? (optional)
              </label>
              <textarea
                id="reflection"
                name={fields.reflection.name}
                rows={6}
                maxLength={10000}
                defaultValue={fields.reflection.initialValue ?? module.progress?.reflection ?? ''}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? fields.reflection.errorId : undefined}
              />
            </div>
            {module.progress?.completedAt ? (
              <p className="muted">
                Completed {formatDateTime(module.progress.completedAt, timezone)}.
              </p>
            ) : null}
            <div className="actions-row">
              <button type="submit" name="intent" value="save" className="button">
                Save reflection
              </button>
              {status === 'completed' ? (
                <button type="submit" name="intent" value="reopen" className="button button--quiet">
                  Mark as not complete
                </button>
              ) : (
                <button
                  type="submit"
                  name="intent"
                  value="complete"
                  className="button button--primary"
                >
                  Mark complete
                </button>
              )}
            </div>
          </Form>
        </section>
      ) : null}
    </article>
  );
}

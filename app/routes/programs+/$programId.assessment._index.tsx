import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { kindLabels } from '~/assessment/labels';
import { handleAuthoringAction } from '~/assessment/authoring-actions.server';
import {
  LOCKED_MESSAGE,
  getAuthoringView,
  requireProgramAuthor,
} from '~/assessment/authoring.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TextField } from '~/components/forms';
import { ItemForm } from './__item-form';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Pre-assessment: ${data.program.title} · Cadre` : 'Pre-assessment · Cadre' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { program } = await requireProgramAuthor(context.db, request, params.programId);
  const view = await getAuthoringView(context.db, program.id);
  return {
    program: { id: program.id, title: program.title },
    ...view,
    lockedMessage: LOCKED_MESSAGE,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleAuthoringAction(context, request, params.programId);
}

export default function AssessmentAuthoringPage() {
  const { program, assessment, competencies, versions, lockedMessage } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const locked = assessment?.hasResponses ?? false;
  const older = versions.slice(1);
  const [createForm, createFields] = useForm<{ intent: string; title: string }>({
    id: 'create-assessment',
    lastResult: reply?.intent === 'create' ? reply.result : undefined,
  });
  // the one-button forms (move, remove, copy) answer above the page when refused
  const pageErrors =
    reply && !['create', 'add-item'].includes(reply.intent) ? reply.result.error?.[''] : undefined;

  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">{program.title}</p>
        <h1>Pre-assessment</h1>
        <p className="lead">
          Questions tied to the program’s competencies. Cohorts take the newest version; a cohort
          keeps the version its first participant started.
        </p>
      </header>
      {pageErrors?.length ? (
        <div className="alert alert--error" role="alert">
          {pageErrors.join(' ')}
        </div>
      ) : null}

      {!assessment ? (
        <section className="card" aria-labelledby="create-title">
          <h2 id="create-title">Create the pre-assessment</h2>
          <Form method="post" className="form form--narrow" {...getFormProps(createForm)}>
            <input type="hidden" name="intent" value="create" />
            <TextField
              type="text"
              name={createFields.title.name}
              label="Title"
              required
              maxLength={200}
              defaultValue={createFields.title.initialValue ?? ''}
              error={createFields.title.errors?.[0] ?? createForm.errors?.[0]}
            />
            <button type="submit" className="button button--primary">
              Create
            </button>
          </Form>
        </section>
      ) : (
        <>
          <section className="card" aria-labelledby="version-title">
            <div className="card__header">
              <h2 id="version-title">
                {assessment.title}, version {assessment.version}
              </h2>
              <div className="actions-row">
                <Link to="preview" className="button">
                  Preview as a participant
                </Link>
                <Form method="post">
                  <input type="hidden" name="intent" value="new-version" />
                  <button type="submit" className="button button--quiet">
                    Copy to a new version
                  </button>
                </Form>
              </div>
            </div>
            <p className="muted">
              {assessment.items.length} questions over {competencies.length} competencies.
              {older.length > 0
                ? ` Earlier versions: ${older.map((version) => `v${version.version} (${version.cohorts} ${version.cohorts === 1 ? 'cohort' : 'cohorts'})`).join(', ')}.`
                : ''}
            </p>
            {locked ? (
              <div className="alert alert--info" role="note">
                <strong>Answers exist for this version.</strong> {lockedMessage} You can still
                reorder questions and fix the wording of a prompt.
              </div>
            ) : null}
          </section>

          <section className="card" aria-labelledby="items-title">
            <h2 id="items-title">Questions</h2>
            {assessment.items.length === 0 ? (
              <p className="muted">No questions yet. Add the first one below.</p>
            ) : (
              <ol className="item-list">
                {assessment.items.map((item, index) => (
                  <li key={item.id} className="item-list__item">
                    <p className="item-list__meta">
                      <span className="badge">{kindLabels[item.kind]}</span>{' '}
                      <span className="badge badge--role">{item.competencyCode}</span>
                    </p>
                    <p className="item-list__prompt">{item.prompt}</p>
                    {item.options.length > 0 ? (
                      <ul className="item-list__options">
                        {item.options.map((option, optionIndex) => (
                          <li key={optionIndex}>
                            {item.kind === 'self-rating' ? `Level ${optionIndex + 1}: ` : ''}
                            {option}
                            {item.correct.includes(optionIndex) ? (
                              <strong> (right answer)</strong>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    <div className="actions-row">
                      {(['up', 'down'] as const).map((direction) => (
                        <Form method="post" key={direction}>
                          <input type="hidden" name="intent" value="move-item" />
                          <input type="hidden" name="itemId" value={item.id} />
                          <input type="hidden" name="direction" value={direction} />
                          <button
                            type="submit"
                            className="button button--quiet"
                            disabled={
                              direction === 'up'
                                ? index === 0
                                : index === assessment.items.length - 1
                            }
                          >
                            Move {direction}
                            <span className="sr-only"> question {index + 1}</span>
                          </button>
                        </Form>
                      ))}
                      <Link to={`items/${item.id}`} className="button button--quiet">
                        Edit<span className="sr-only"> question {index + 1}</span>
                      </Link>
                      {!locked ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="delete-item" />
                          <input type="hidden" name="itemId" value={item.id} />
                          <button type="submit" className="button button--quiet">
                            Remove<span className="sr-only"> question {index + 1}</span>
                          </button>
                        </Form>
                      ) : null}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </section>

          {!locked ? (
            <section className="card" aria-labelledby="add-title">
              <h2 id="add-title">Add a question</h2>
              <ItemForm
                competencies={competencies}
                result={reply?.intent === 'add-item' ? reply.result : undefined}
                intent="add-item"
                submitLabel="Add question"
              />
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

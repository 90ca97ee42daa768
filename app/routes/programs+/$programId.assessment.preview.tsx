import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getAuthoringView, requireProgramAuthor } from '~/assessment/authoring.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { notFound } from '~/permissions/permissions.server';

export const meta: MetaFunction = () => [{ title: 'Preview the pre-assessment · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { program } = await requireProgramAuthor(context.db, request, params.programId);
  const view = await getAuthoringView(context.db, program.id);
  if (!view.assessment) notFound('This program has no pre-assessment yet.');
  return { program: { id: program.id, title: program.title }, assessment: view.assessment };
}

/** The questions as a participant sees them; nothing here is saved. */
export default function PreviewPage() {
  const { program, assessment } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">{program.title}</p>
        <h1>Preview: {assessment.title}</h1>
        <p className="lead">
          What participants see, one question per page. Answers here are not saved.
        </p>
        <p>
          <Link to=".." relative="path">
            ← Back to editing
          </Link>
        </p>
      </header>
      {assessment.intro ? <p>{assessment.intro}</p> : null}
      {assessment.items.map((item, index) => (
        <section key={item.id} className="card" aria-labelledby={`preview-${item.id}`}>
          <h2 id={`preview-${item.id}`}>
            Question {index + 1} of {assessment.items.length}
          </h2>
          <p className="muted">
            {item.competencyCode} {item.competencyTitle}
          </p>
          {item.kind === 'open-text' ? (
            <div className="field">
              <label htmlFor={`preview-text-${item.id}`}>{item.prompt}</label>
              <textarea id={`preview-text-${item.id}`} rows={4} />
            </div>
          ) : (
            <fieldset className="choices">
              <legend>{item.prompt}</legend>
              {item.kind === 'multi-choice' ? (
                <p className="muted">Choose all that apply.</p>
              ) : null}
              {item.options.map((option, optionIndex) => {
                const id = `preview-${item.id}-${optionIndex}`;
                return (
                  <div className="choice" key={id}>
                    <input
                      type={item.kind === 'multi-choice' ? 'checkbox' : 'radio'}
                      id={id}
                      name={`preview-${item.id}`}
                    />
                    <label htmlFor={id}>
                      {item.kind === 'self-rating' ? (
                        <strong>Level {optionIndex + 1}. </strong>
                      ) : null}
                      {option}
                    </label>
                  </div>
                );
              })}
            </fieldset>
          )}
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

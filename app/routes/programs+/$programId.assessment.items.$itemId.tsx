import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { handleItemEdit } from '~/assessment/authoring-actions.server';
import { getAuthoringView, requireProgramAuthor } from '~/assessment/authoring.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { notFound } from '~/permissions/permissions.server';
import { ItemForm, itemFormValues } from './__item-form';

export const meta: MetaFunction = () => [{ title: 'Edit a question · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { program } = await requireProgramAuthor(context.db, request, params.programId);
  const view = await getAuthoringView(context.db, program.id);
  const index = view.assessment?.items.findIndex((item) => item.id === params.itemId) ?? -1;
  const item = view.assessment?.items[index];
  if (!view.assessment || !item) notFound('That question is not part of this assessment.');
  return {
    program: { id: program.id, title: program.title },
    competencies: view.competencies,
    number: index + 1,
    locked: view.assessment.hasResponses,
    item: itemFormValues(item),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleItemEdit(context, request, params);
}

export default function EditItemPage() {
  const { program, competencies, number, item, locked } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">{program.title}</p>
        <h1>Edit question {number}</h1>
        <p>
          <Link to="../.." relative="path">
            ← Back to the pre-assessment
          </Link>
        </p>
      </header>
      {locked ? (
        <div className="alert alert--info" role="note">
          People have answered this version: you can fix the wording of the question, but changes to
          its kind, competency, levels, options or right answers are refused. Copy the assessment to
          a new version to change those.
        </div>
      ) : null}
      <section className="card" aria-labelledby="edit-title">
        <h2 id="edit-title">Question</h2>
        <ItemForm
          competencies={competencies}
          stored={item}
          result={reply?.result}
          intent="update-item"
          submitLabel="Save question"
        />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

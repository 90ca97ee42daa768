import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getModuleForEditing } from '~/authoring/modules.server';
import { getProgramForEditing, requireAuthoredProgram } from '~/authoring/programs.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Markdown } from '~/components/markdown';
import { ModuleResources } from '~/components/module-resources';
import { kindLabels } from '~/pathway/format';
import { notFound } from '~/permissions/permissions.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Preview: ${data.module.title} · Cadre` : 'Preview · Cadre' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { program } = await requireAuthoredProgram(context.db, request, params.programId);
  const module = await getModuleForEditing(context.db, program.id, params.moduleId ?? '');
  if (!module) notFound('We could not find that module.');
  const full = await getProgramForEditing(context.db, program.id);
  const competencies = (full?.competencies ?? [])
    .filter((competency) => module.competencyIds.includes(competency.id))
    .map((competency) => `${competency.code} ${competency.title}`);
  return data(
    { program: { id: program.id, title: program.title }, module, competencies },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

/** The module as a participant sees it in a cohort, before any cohort has it. */
export default function ModulePreviewPage() {
  const { program, module, competencies } = useLoaderData<typeof loader>();
  return (
    <article className="stack" aria-labelledby="module-title">
      <div className="alert alert--info">
        <p>
          Preview of how participants see this module.{' '}
          <Link to={`/authoring/programs/${program.id}/modules/${module.id}`}>
            Back to the editor
          </Link>
        </p>
      </div>
      <header className="card">
        <h1 id="module-title">{module.title}</h1>
        <p className="muted">
          {kindLabels[module.kind]} · about {module.minutes} minutes
          {competencies.length > 0 ? ` · builds ${competencies.join(', ')}` : ''}
        </p>
      </header>
      <div className="card module-body">
        <Markdown source={module.body} />
      </div>
      <ModuleResources resources={module.resources} />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

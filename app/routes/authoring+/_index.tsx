import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import {
  createProgram,
  getOrganizationHourDefaults,
  listAuthoredPrograms,
  requireAuthor,
} from '~/authoring/programs.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { readFormData } from '~/http/form.server';
import { redirectWithToast } from '~/utils/toast.server';
import { StatusBadge } from './__fields';
import { ProgramForm } from './__program-form';

export const meta: MetaFunction = () => [{ title: 'Programs · Authoring · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAuthor(context.db, request);
  const [programs, defaults] = await Promise.all([
    listAuthoredPrograms(context.db, user.organizationId),
    getOrganizationHourDefaults(context.db, user.organizationId),
  ]);
  return data({ programs, defaults }, { headers: { 'Cache-Control': 'no-store' } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAuthor(context.db, request);
  const form = await readFormData(request);
  const outcome = await createProgram(context.db, form, user);
  if (outcome.status === 'saved') {
    throw await redirectWithToast(`/authoring/programs/${outcome.programId}`, {
      kind: 'success',
      message: 'The program was created as a draft. Add its competencies next.',
    });
  }
  return data({ result: outcome.result }, { status: 400 });
}

export default function AuthoringIndexPage() {
  const { programs, defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const creating = searchParams.get('new') === '1' || Boolean(reply);
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Authoring</p>
        <h1>Programs</h1>
        <p className="lead">
          Stacks of competencies, modules and micro-credentials. Write a draft, publish it, and
          start a new version to change it later: cohorts keep the version they started with.
        </p>
      </header>
      <div className="actions-row">
        <Link to="?new=1" className="button button--primary">
          New program
        </Link>
        <Link to="/authoring/import" className="button">
          Import a program
        </Link>
      </div>
      {creating ? (
        <section className="card" aria-labelledby="new-program-title">
          <h2 id="new-program-title">New program</h2>
          <ProgramForm
            intent="create"
            submitLabel="Create the draft"
            lastResult={reply?.result}
            values={{
              title: '',
              summary: '',
              description: '',
              topics: '',
              outcomes: '',
              audiences: [],
              gradeLevels: [],
              format: 'blended',
              hoursPerCredential: '15',
              hoursForCompleting: String(defaults.hoursForCompleting),
              hoursForAttaining: String(defaults.hoursForAttaining),
            }}
          />
        </section>
      ) : null}
      {programs.length === 0 ? (
        <div className="empty-state">
          <p>Your organization has no programs yet.</p>
        </div>
      ) : (
        <ul className="stack plain-list" aria-label="Programs">
          {programs.map((lineage) => (
            <li key={lineage.lineageId} className="card">
              <h2>{lineage.title}</h2>
              <ul className="stack plain-list">
                {lineage.versions.map((version) => (
                  <li key={version.id} className="actions-row">
                    <Link to={`/authoring/programs/${version.id}`}>
                      Version {version.version}
                      <span className="sr-only"> of {lineage.title}</span>
                    </Link>
                    <StatusBadge status={version.status} />
                    <span className="muted">
                      {version.cohorts} cohort{version.cohorts === 1 ? '' : 's'}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

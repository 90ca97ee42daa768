import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { loadCohortFormOptions, submitNewCohort } from '~/cohorts/cohort-form.server';
import { canCreateCohorts } from '~/cohorts/cohort-settings.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { forbidden } from '~/permissions/permissions.server';
import { CohortForm } from './__cohort-form';

export const meta: MetaFunction = () => [{ title: 'New cohort · Cadre' }];

async function requireCreator(context: LoaderFunctionArgs['context'], request: Request) {
  const user = await requireUser(context.db, request);
  if (!(await canCreateCohorts(context.db, user))) {
    forbidden('Only facilitators and org admins create cohorts. Ask your org admin to set one up.');
  }
  return user;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireCreator(context, request);
  const options = await loadCohortFormOptions(context, user, { request, coachId: null });
  // started from a stack in the catalog: that program is chosen
  const wanted = new URL(request.url).searchParams.get('programId');
  const chosenProgramId =
    options.programs.find((program) => program.id === wanted)?.id ?? options.programs[0]?.id;
  return { ...options, chosenProgramId };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireCreator(context, request);
  return submitNewCohort(context, request, user);
}

export default function NewCohortPage() {
  const options = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <div className="stack">
      <header className="page-header">
        <h1>New cohort</h1>
        <p className="lead">Set up the cohort; you can change any of this later in its settings.</p>
      </header>
      <section className="card">
        <CohortForm
          programs={options.programs}
          timezones={options.timezones}
          coach={reply ? { selected: reply.coach, fallback: null } : options.coach}
          values={
            options.typed ?? {
              programId: options.chosenProgramId,
              capacity: 20,
              startsOn: options.suggestedSpan.startsOn,
              endsOn: options.suggestedSpan.endsOn,
              timezone: options.defaultTimezone,
            }
          }
          lastResult={reply?.result}
          submitLabel="Create cohort"
        />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

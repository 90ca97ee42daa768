import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TextField } from '~/components/forms';
import { getProgramRules, submitProgramRules } from '~/hours/program-rules.server';
import { requireOrgAdmin } from '~/permissions/permissions.server';

export const meta: MetaFunction = () => [{ title: 'Hours rules · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'Hours rules are set by your organization’s admins.');
  return { programs: await getProgramRules(context.db, user.organizationId) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return submitProgramRules(context, request);
}

export default function HoursRulesPage() {
  const { programs } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Organization</p>
        <h1>Hours rules</h1>
        <p className="lead">
          How many professional-learning hours each program gives. Changes apply to hours awarded
          from now on; entries already in the ledger stay as they are.
        </p>
      </header>
      {programs.length === 0 ? (
        <div className="empty-state">
          <p>
            <strong>No programs yet.</strong>
          </p>
        </div>
      ) : null}
      {programs.map((program) => (
        <section key={program.id} className="card" aria-labelledby={`program-${program.id}`}>
          <h2 id={`program-${program.id}`}>{program.title}</h2>
          <p className="muted">
            Completing means every assigned pathway module complete and present at{' '}
            {program.thresholdPercent}% or more of the coaching sessions held, checked once the
            cohort reaches the share-out. The same percentage decides presence at each session.
          </p>
          <Form method="post" className="form form--narrow">
            <input type="hidden" name="programId" value={program.id} />
            <TextField
              id={`completing-${program.id}`}
              name="hoursForCompleting"
              label="Hours for completing a cohort"
              type="number"
              min={0}
              max={500}
              step="0.25"
              required
              defaultValue={program.hoursForCompleting}
            />
            <TextField
              id={`attaining-${program.id}`}
              name="hoursForAttaining"
              label="Hours for earning a micro-credential (default for new ones)"
              type="number"
              min={0}
              max={500}
              step="0.25"
              required
              defaultValue={program.hoursForAttaining}
            />
            {program.microCredentials.map((item) => (
              <TextField
                key={item.id}
                id={`mc-${item.id}`}
                name={`mc-${item.id}`}
                label={`Hours for earning ${item.code} ${item.title}`}
                type="number"
                min={0}
                max={500}
                step="0.25"
                required
                defaultValue={item.hours}
              />
            ))}
            <button type="submit" className="button button--primary">
              Save hours for {program.title}
            </button>
          </Form>
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

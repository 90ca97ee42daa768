import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { loadCohortFormOptions, submitCohortSettings } from '~/cohorts/cohort-form.server';
import { getCohortSettings } from '~/cohorts/cohort-settings.server';
import { SubmissionAlert } from '~/components/forms';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import { CohortForm } from '../__cohort-form';

export const meta: MetaFunction = () => [{ title: 'Cohort settings · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'administer');
  const settings = await getCohortSettings(context.db, cohort.id);
  if (!settings) notFound();
  const options = await loadCohortFormOptions(context, cohort, {
    request,
    coachId: settings.coachId,
    programId: settings.programId,
  });
  return { settings, options, origin: new URL(request.url).origin };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return submitCohortSettings(context, request, params.cohortId);
}

export default function CohortSettingsPage() {
  const { settings, options, origin } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const joinUrl = settings.joinCode ? `${origin}/join/${settings.joinCode}` : null;
  // the join link's buttons send nothing to fix: what refuses them is said beside them
  const joinCodeReply = /^join-code-/.test(String(reply?.result.initialValue?.intent ?? ''));
  return (
    <div className="two-column">
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Cohort details</h2>
        <CohortForm
          programs={options.programs}
          timezones={options.timezones}
          coach={
            reply && !joinCodeReply ? { selected: reply.coach, fallback: null } : options.coach
          }
          cohortId={settings.id}
          values={options.typed ?? settings}
          lastResult={joinCodeReply ? undefined : reply?.result}
          submitLabel="Save settings"
        />
      </section>
      <section className="card" aria-labelledby="join-title">
        <h2 id="join-title">Join link</h2>
        <p className="muted">
          Anyone with the link can join while the cohort is forming or in the pre-assessment, up to
          its capacity; after that they join the waitlist. Use it for educators you invite by word.
        </p>
        <SubmissionAlert result={joinCodeReply ? reply?.result : null} />
        {joinUrl ? (
          <>
            <p>
              <label htmlFor="join-url" className="sr-only">
                Join link
              </label>
              <input id="join-url" type="text" readOnly value={joinUrl} />
            </p>
            <p>
              Code: <code>{settings.joinCode}</code>
            </p>
            <div className="actions-row">
              <Form method="post">
                <input type="hidden" name="intent" value="join-code-on" />
                <button type="submit" className="button">
                  Make a new link
                </button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="join-code-off" />
                <button type="submit" className="button button--quiet">
                  Turn the link off
                </button>
              </Form>
            </div>
          </>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="join-code-on" />
            <button type="submit" className="button">
              Turn on a join link
            </button>
          </Form>
        )}
      </section>
    </div>
  );
}

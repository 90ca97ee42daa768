import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { loadCohortFormOptions, submitCohortForm } from '~/cohorts/cohort-form.server';
import { getCohortSettings, setJoinCode } from '~/cohorts/cohort-settings.server';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import { redirectWithToast } from '~/utils/toast.server';
import { CohortForm } from '../__cohort-form';
import { readFormData } from '~/http/form.server';

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
  const { user, cohort } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'administer',
  );
  const intent = (await readFormData(request.clone())).get('intent');
  if (intent === 'join-code-on' || intent === 'join-code-off') {
    await setJoinCode(context.db, {
      cohortId: cohort.id,
      enabled: intent === 'join-code-on',
      actor: user,
    });
    throw await redirectWithToast(`/cohorts/${cohort.id}/settings`, {
      kind: 'success',
      message:
        intent === 'join-code-on'
          ? 'The join link is on. Share it with the educators you invite by word.'
          : 'The join link is off; the old link no longer works.',
    });
  }
  const result = await submitCohortForm(context, request, {
    user,
    organizationId: cohort.organizationId,
    cohortId: cohort.id,
  });
  if (result.status === 'saved') {
    throw await redirectWithToast(`/cohorts/${cohort.id}/settings`, {
      kind: 'success',
      message: `Settings saved.${result.promoted > 0 ? ` ${result.promoted} waitlisted ${result.promoted === 1 ? 'person' : 'people'} got a seat.` : ''}`,
    });
  }
  return data(result.reply, { status: 400 });
}

export default function CohortSettingsPage() {
  const { settings, options, origin } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const joinUrl = settings.joinCode ? `${origin}/join/${settings.joinCode}` : null;
  return (
    <div className="two-column">
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Cohort details</h2>
        <CohortForm
          programs={options.programs}
          timezones={options.timezones}
          coach={reply ? { selected: reply.coach, fallback: null } : options.coach}
          cohortId={settings.id}
          values={reply?.values ?? options.typed ?? settings}
          errors={reply?.errors}
          submitLabel="Save settings"
        />
      </section>
      <section className="card" aria-labelledby="join-title">
        <h2 id="join-title">Join link</h2>
        <p className="muted">
          Anyone with the link can join while the cohort is forming or in the pre-assessment, up to
          its capacity; after that they join the waitlist. Use it for educators you invite by word.
        </p>
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

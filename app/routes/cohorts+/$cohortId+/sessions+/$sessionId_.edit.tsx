import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import {
  formValuesOf,
  getCoachingSession,
  getCoachingSessionFormOptions,
} from '~/sessions/coaching-sessions.server';
import { submitCoachingSessionForm } from '~/sessions/session-actions.server';
import { describeTimeZone } from '~/utils/dates';
import { redirectWithToast } from '~/utils/toast.server';
import { zoomStatus } from '~/zoom/config.server';
import { SessionForm } from './__session-form';

export const meta: MetaFunction = () => [{ title: 'Edit coaching session · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const session = await getCoachingSession(context.db, {
    cohortId: cohort.id,
    coachingSessionId: params.sessionId,
  });
  if (!session || session.status === 'cancelled') {
    notFound('We could not find that coaching session, or it was cancelled.');
  }
  const options = await getCoachingSessionFormOptions(context.db, cohort.id);
  return {
    options,
    values: formValuesOf(session, cohort.timezone),
    timeZoneName: describeTimeZone(cohort.timezone),
    managedByZoom: session.throughZoom,
    zoomConnected: zoomStatus(context.env).api,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cohort } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const session = await getCoachingSession(context.db, {
    cohortId: cohort.id,
    coachingSessionId: params.sessionId,
  });
  if (!session) notFound('We could not find that coaching session.');
  const outcome = await submitCoachingSessionForm(context, request, {
    user,
    cohort,
    coachingSessionId: session.id,
  });
  if (outcome.status === 'saved') {
    throw await redirectWithToast(`/cohorts/${cohort.id}/sessions`, {
      kind: 'success',
      message: 'The session is saved.',
    });
  }
  return data({ result: outcome.result }, { status: 400 });
}

export default function EditCoachingSessionPage() {
  const { options, values, timeZoneName, managedByZoom } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section className="card" aria-labelledby="edit-title">
      <div className="card__header">
        <h2 id="edit-title">Edit the session</h2>
        <Link to="../.." relative="path">
          Back to sessions
        </Link>
      </div>
      <SessionForm
        values={values}
        result={reply?.result}
        hosts={options.hosts}
        modules={options.modules}
        timeZoneName={timeZoneName}
        zoomConnected={false}
        meetingManagedByZoom={managedByZoom}
        submitLabel="Save the session"
      />
    </section>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireCohortRole } from '~/permissions/permissions.server';
import { getCoachingSessionFormOptions } from '~/sessions/coaching-sessions.server';
import { submitCoachingSessionForm } from '~/sessions/session-actions.server';
import { describeTimeZone } from '~/utils/dates';
import { redirectWithToast } from '~/utils/toast.server';
import { zoomStatus } from '~/zoom/config.server';
import { coachingSessionKinds } from '../../../../../db/schema';
import { SessionForm } from './__session-form';

export const meta: MetaFunction = () => [{ title: 'Schedule a coaching session · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, cohort } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const options = await getCoachingSessionFormOptions(context.db, cohort.id);
  // "Schedule the share-out session" links here with ?kind=share-out
  const kind = new URL(request.url).searchParams.get('kind');
  return {
    options,
    defaultKind: (coachingSessionKinds as readonly string[]).includes(kind ?? '')
      ? kind!
      : 'coaching',
    defaultHostId: options.hosts.find((host) => host.id === user.id)?.id ?? options.hosts[0]?.id,
    timeZoneName: describeTimeZone(cohort.timezone),
    zoomConnected: zoomStatus(context.env).api,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cohort } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const outcome = await submitCoachingSessionForm(context, request, { user, cohort });
  if (outcome.status === 'saved') {
    throw await redirectWithToast(`/cohorts/${cohort.id}/sessions`, {
      kind: 'success',
      message: 'The session is scheduled. Everyone gets reminders 24 hours and 1 hour before.',
    });
  }
  return data({ result: outcome.result }, { status: 400 });
}

export default function NewCoachingSessionPage() {
  const { options, defaultHostId, defaultKind, timeZoneName, zoomConnected } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <section className="card" aria-labelledby="schedule-title">
      <div className="card__header">
        <h2 id="schedule-title">Schedule a coaching session</h2>
        <Link to=".." relative="path">
          Back to sessions
        </Link>
      </div>
      <SessionForm
        values={{
          hostId: defaultHostId,
          kind: defaultKind,
          ...(defaultKind === 'share-out' ? { title: 'Share-out' } : {}),
        }}
        result={reply?.result}
        hosts={options.hosts}
        modules={options.modules}
        timeZoneName={timeZoneName}
        zoomConnected={zoomConnected}
        submitLabel="Schedule the session"
      />
    </section>
  );
}

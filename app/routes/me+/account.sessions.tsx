import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { ConfirmPanel } from '~/components/confirm-panel';
import { SubmissionAlert } from '~/components/forms';
import { listSignIns, requireAccount, submitSignOuts } from '~/account/account.server';
import { describeTimeZone, formatDateTime } from '~/utils/dates';
import { redirectWithToast } from '~/utils/toast.server';

export const meta: MetaFunction = () => [{ title: 'Signed-in devices · My account · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, account } = await requireAccount(context, request);
  return { signIns: await listSignIns(context.db, user), timezone: account.timezone };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireAccount(context, request);
  const outcome = await submitSignOuts(context, request, user);
  if (outcome.status === 'done') {
    throw await redirectWithToast('/me/account/sessions', {
      kind: outcome.ended === 0 ? 'info' : 'success',
      message:
        outcome.ended === 0
          ? 'There was nothing to sign out.'
          : `Signed out ${outcome.ended} ${outcome.ended === 1 ? 'device' : 'devices'}.`,
    });
  }
  return data({ result: outcome.result }, { status: 400 });
}

export default function SessionsPage() {
  const { signIns, timezone } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const others = signIns.filter((signIn) => !signIn.current);
  const confirming = searchParams.get('confirm') === 'others' && others.length > 0;
  const confirmOne = others.find((signIn) => signIn.id === searchParams.get('session'));

  return (
    <div className="stack">
      <SubmissionAlert result={reply?.result} />
      {confirming ? (
        <ConfirmPanel
          title={`Sign out ${others.length} other ${others.length === 1 ? 'device' : 'devices'}?`}
          fields={{ intent: 'sign-out-others' }}
          confirmLabel="Sign out the other devices"
        >
          <p>
            Pages open there stop working at once and ask for the password again. This device stays
            signed in.
          </p>
        </ConfirmPanel>
      ) : null}
      {confirmOne ? (
        <ConfirmPanel
          titleId="confirm-one-title"
          title={`Sign out ${confirmOne.device}?`}
          fields={{ intent: 'sign-out-one', sessionId: confirmOne.id }}
          confirmLabel="Sign out this device"
        >
          <p>
            Last used {formatDateTime(confirmOne.lastSeenAt, timezone)}. Pages open there stop
            working at once.
          </p>
        </ConfirmPanel>
      ) : null}
      <section className="card" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Signed-in devices</h2>
        <p className="muted">
          Each browser where you signed in, most recently used first. Times in{' '}
          {describeTimeZone(timezone)}. If you see one you do not know, sign it out and change your
          password.
        </p>
        <ul className="people-list" aria-label="Your sign-ins">
          {signIns.map((signIn) => (
            <li key={signIn.id} className="item-list__item">
              <p>
                <strong>{signIn.device}</strong>
                {signIn.current ? <span className="badge badge--ok">This device</span> : null}
              </p>
              <p className="muted">
                Last used {formatDateTime(signIn.lastSeenAt, timezone)} · signed in{' '}
                {formatDateTime(signIn.createdAt, timezone)}
                {signIn.ipAddress ? ` · from ${signIn.ipAddress}` : ''}
              </p>
              {signIn.current ? null : (
                <Link to={`?session=${signIn.id}`} className="button button--quiet">
                  Sign out<span className="sr-only"> {signIn.device}</span>
                </Link>
              )}
            </li>
          ))}
        </ul>
        {others.length === 0 ? (
          <p className="empty-state">No other device is signed in to your account.</p>
        ) : (
          <p>
            <Link to="?confirm=others" className="button">
              Sign out all other devices
            </Link>
          </p>
        )}
      </section>
    </div>
  );
}

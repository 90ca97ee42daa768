import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { personStatusLabels } from '~/people/labels';
import { ScrollRegion } from '~/components/scroll-region';
import { ConfirmPanel } from '~/components/confirm-panel';
import { SubmissionAlert, TextField } from '~/components/forms';
import { roleLabels, statusLabels } from '~/components/role-label';
import { formatHours } from '~/hours/ledger.server';
import { getPersonPage, requireDirectoryAdmin } from '~/people/directory.server';
import { handlePersonAction } from '~/people/person-actions.server';
import { formatDateTime, formatDay } from '~/utils/dates';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.person.name ?? 'Person'} · People · Cadre` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const admin = await requireDirectoryAdmin(context.db, request);
  const page = await getPersonPage(context.db, {
    organizationId: admin.organizationId,
    userId: params.userId ?? '',
  });
  return { ...page, hoursText: formatHours(page.hours.total), isSelf: admin.id === page.person.id };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const outcome = await handlePersonAction(context, request, params.userId);
  return data(outcome.reply, { status: outcome.status });
}

type Reply = ReturnType<typeof useActionData<typeof action>>;

/** the server's answer, for the one form that sent it */
function replyFor(reply: Reply, intent: string) {
  return reply?.intent === intent ? reply.result : undefined;
}

const day = (value: string) => formatDay(`${value}T12:00:00Z`, 'UTC');

export default function PersonPage() {
  const { person, cohorts, hours, hoursText, credentials, sessions, attempts, isSelf, today } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const confirm = searchParams.get('confirm');
  const tz = person.timezone;
  const removed = person.status === 'deleted';
  const [membershipForm, membership] = useForm<{ memberSince: string; memberUntil: string }>({
    id: 'membership',
    lastResult: replyFor(reply, 'membership'),
  });
  const [educatorForm, educator] = useForm<{ stateEducatorId: string }>({
    id: 'educator-id',
    lastResult: replyFor(reply, 'educator-id'),
  });
  const [deleteForm, deletion] = useForm<{ confirmation: string }>({
    id: 'delete',
    lastResult: replyFor(reply, 'delete'),
  });
  const showDelete = confirm === 'delete' || reply?.intent === 'delete';
  // the one-button forms (deactivate, marks, reactivate, reset) have no field to show it by
  const buttonReply = ['membership', 'educator-id', 'delete'].includes(reply?.intent ?? '')
    ? undefined
    : reply?.result;

  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">
          <Link to="/admin/people">People</Link>
        </p>
        <h1>{person.name}</h1>
        <p className="lead">
          {person.email ? `${person.email} · ` : ''}
          <span
            className={`badge ${person.status === 'active' ? 'badge--ok' : person.status === 'invited' ? '' : 'badge--warn'}`}
          >
            {personStatusLabels[person.status]}
          </span>{' '}
          {person.isMember ? 'Member' : 'Non-member'} · account since{' '}
          {formatDay(person.createdAt, tz)}
        </p>
      </header>

      <SubmissionAlert result={buttonReply} />
      {person.status === 'deactivated' ? (
        <div className="alert alert--info" role="status">
          Deactivated on {formatDateTime(person.deactivatedAt, tz)}. They cannot sign in; their
          work, hours and credentials are kept.
        </div>
      ) : null}
      {removed ? (
        <div className="alert alert--info" role="status">
          Personal data deleted on {formatDateTime(person.deletedAt, tz)}. The hours ledger and
          issued credentials are kept under this placeholder name.
        </div>
      ) : null}

      {confirm === 'deactivate' && person.status !== 'deactivated' && !removed && !isSelf ? (
        <ConfirmPanel
          title={`Deactivate ${person.name}?`}
          fields={{ intent: 'deactivate' }}
          confirmLabel={`Deactivate ${person.name}`}
        >
          <p>
            They are signed out everywhere at once, including open pages, and cannot sign in until
            you reactivate them. Their participant seats in open cohorts go to the waitlist.
            Everything they did is kept.
          </p>
        </ConfirmPanel>
      ) : null}

      {showDelete && !removed && !isSelf ? (
        <section className="card confirm-panel" aria-labelledby="delete-title">
          <h2 id="delete-title">{`Delete ${person.name}’s personal data?`}</h2>
          <p>
            This cannot be undone. Their name, email, password and sign-in history are removed and
            they can never sign in again. Their hours ledger and issued credentials stay, as the
            records the law requires, under a placeholder name.
          </p>
          <Form method="post" className="form form--narrow" {...getFormProps(deleteForm)}>
            <input type="hidden" name="intent" value="delete" />
            <TextField
              name={deletion.confirmation.name}
              label={`Type their email address (${person.email}) to confirm`}
              autoComplete="off"
              required
              error={deletion.confirmation.errors?.[0]}
            />
            <div className="actions-row">
              <button type="submit" className="button button--danger">
                Delete personal data
              </button>
              <Link to="." className="button">
                Cancel
              </Link>
            </div>
          </Form>
        </section>
      ) : null}

      <div className="two-column two-column--even">
        <section className="card" aria-labelledby="membership-title">
          <h2 id="membership-title">Membership</h2>
          <p className="muted">
            {person.isMember
              ? `A member today (${day(today)}).`
              : `Not a member today (${day(today)}).`}{' '}
            Both days count; leave the last day empty for an open-ended membership.
          </p>
          {removed ? null : (
            <Form method="post" className="form" {...getFormProps(membershipForm)}>
              <input type="hidden" name="intent" value="membership" />
              <TextField
                name={membership.memberSince.name}
                label="Member since"
                type="date"
                defaultValue={person.memberSince ?? ''}
                error={membership.memberSince.errors?.[0]}
              />
              <TextField
                name={membership.memberUntil.name}
                label="Member until"
                type="date"
                defaultValue={person.memberUntil ?? ''}
                error={membership.memberUntil.errors?.[0]}
              />
              <button type="submit" className="button">
                Save membership
              </button>
            </Form>
          )}
        </section>

        <section className="card" aria-labelledby="record-title">
          <h2 id="record-title">Educator id and marks</h2>
          {removed ? (
            <p>Educator id: {person.stateEducatorId ?? 'none'}</p>
          ) : (
            <>
              <Form method="post" className="form" {...getFormProps(educatorForm)}>
                <input type="hidden" name="intent" value="educator-id" />
                <TextField
                  name={educator.stateEducatorId.name}
                  label="State educator id (PPID)"
                  inputMode="numeric"
                  autoComplete="off"
                  defaultValue={person.stateEducatorId ?? ''}
                  hint="Seven digits; leave empty to clear."
                  error={educator.stateEducatorId.errors?.[0]}
                />
                <button type="submit" className="button">
                  Save educator id
                </button>
              </Form>
              <Form method="post" className="form">
                <input type="hidden" name="intent" value="marks" />
                <fieldset className="field">
                  <legend>Marks</legend>
                  <label>
                    <input type="checkbox" name="mayCoach" defaultChecked={person.mayCoach} /> May
                    coach cohorts
                  </label>
                  <label>
                    <input type="checkbox" name="mayAuthor" defaultChecked={person.mayAuthor} /> May
                    author programs
                  </label>
                  <label>
                    <input
                      type="checkbox"
                      name="isParaprofessional"
                      defaultChecked={person.isParaprofessional}
                    />{' '}
                    Paraprofessional (Chapter 14 letter instead of Act 48 hours)
                  </label>
                </fieldset>
                <button type="submit" className="button">
                  Save marks
                </button>
              </Form>
            </>
          )}
        </section>
      </div>

      {removed || isSelf ? null : (
        <section className="card" aria-labelledby="account-title">
          <h2 id="account-title">Account</h2>
          <div className="actions-row">
            {person.status === 'deactivated' ? (
              <Form method="post">
                <input type="hidden" name="intent" value="reactivate" />
                <button type="submit" className="button button--primary">
                  Reactivate
                </button>
              </Form>
            ) : (
              <>
                <Form method="post">
                  <input type="hidden" name="intent" value="send-reset" />
                  <button type="submit" className="button">
                    Send a reset link
                  </button>
                </Form>
                <Link to="?confirm=deactivate" className="button button--danger">
                  Deactivate…
                </Link>
              </>
            )}
            <Link to="?confirm=delete" className="button button--quiet">
              Delete personal data…
            </Link>
          </div>
        </section>
      )}

      <section className="card" aria-labelledby="cohorts-title">
        <h2 id="cohorts-title">Cohorts and roles</h2>
        {cohorts.length === 0 ? (
          <p className="muted">Not in any cohort yet.</p>
        ) : (
          <ScrollRegion labelledBy="cohorts-caption">
            <table className="table">
              <caption id="cohorts-caption" className="sr-only">
                {`${person.name}’s cohorts`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Cohort</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Joined</th>
                </tr>
              </thead>
              <tbody>
                {cohorts.map((cohort) => (
                  <tr key={cohort.id}>
                    <th scope="row">
                      <Link to={`/cohorts/${cohort.id}`}>{cohort.name}</Link>
                    </th>
                    <td>{roleLabels[cohort.role]}</td>
                    <td>
                      {statusLabels[cohort.status]}
                      {cohort.withdrawnAt ? ` (${formatDay(cohort.withdrawnAt, tz)})` : ''}
                    </td>
                    <td>{formatDay(cohort.joinedAt, tz)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <div className="two-column two-column--even">
        <section className="card" aria-labelledby="hours-title">
          <h2 id="hours-title">Hours and credentials</h2>
          <p>
            <strong>{hoursText}</strong> in the ledger ({hours.entries}{' '}
            {hours.entries === 1 ? 'entry' : 'entries'}).{' '}
            <Link to={`/transcripts/${person.id}`}>Open the transcript</Link>
          </p>
          {credentials.length === 0 ? (
            <p className="muted">No credentials issued.</p>
          ) : (
            <ul>
              {credentials.map((credential) => (
                <li key={credential.id}>
                  <Link to={`/credentials/${credential.id}`}>{credential.title}</Link>, issued{' '}
                  {formatDay(credential.issuedAt, tz)}
                  {credential.revokedAt ? ` · revoked ${formatDay(credential.revokedAt, tz)}` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="activity-title">
          <h2 id="activity-title">Sign-in activity</h2>
          <p>Last seen: {person.lastSeenAt ? formatDateTime(person.lastSeenAt, tz) : 'never'}.</p>
          <h3>Signed in on</h3>
          {sessions.length === 0 ? (
            <p className="muted">No open sign-ins.</p>
          ) : (
            <ul>
              {sessions.map((session) => (
                <li key={session.id}>
                  {session.userAgent ? describeDevice(session.userAgent) : 'Unknown device'} · since{' '}
                  {formatDateTime(session.createdAt, tz)}, last active{' '}
                  {formatDateTime(session.lastSeenAt, tz)}
                </li>
              ))}
            </ul>
          )}
          <h3>Recent sign-in attempts (last 24 hours)</h3>
          {attempts.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul>
              {attempts.map((attempt, index) => (
                <li key={index}>
                  {formatDateTime(attempt.attemptedAt, tz)}:{' '}
                  {attempt.succeeded ? 'signed in' : 'refused'}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

/** a browser and system a person recognises, from a user agent string */
function describeDevice(userAgent: string) {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'A browser';
  const system = /iPhone|iPad/.test(userAgent)
    ? 'iOS'
    : /Android/.test(userAgent)
      ? 'Android'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /CrOS/.test(userAgent)
            ? 'ChromeOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : null;
  return system ? `${browser} on ${system}` : browser;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

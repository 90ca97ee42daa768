import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { getUser } from '~/auth/session.server';
import { handleInvitationAction } from '~/cohorts/invitation-page.server';
import { lookupInvitation } from '~/cohorts/invitations.server';
import { NewPasswordFields, SubmissionAlert, TextField } from '~/components/forms';
import { roleLabels } from '~/components/role-label';

export const meta: MetaFunction = () => [{ title: 'Your invitation · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? '';
  const [lookup, user] = await Promise.all([
    lookupInvitation(context.db, token),
    getUser(context.db, request),
  ]);
  if (lookup.status === 'unknown')
    return data({
      status: 'unknown' as const,
      invitation: null,
      user: null,
      token,
      forAnotherAddress: false,
    });
  const { invitation } = lookup;
  // an invitation admits the address it was sent to; someone signed in as another is told so (403)
  const forAnotherAddress =
    lookup.status === 'valid' &&
    user !== null &&
    user.email.toLowerCase() !== invitation.email.toLowerCase();
  return data(
    {
      status: lookup.status,
      token,
      forAnotherAddress,
      user: user ? { name: user.name, email: user.email } : null,
      invitation: {
        email: invitation.email,
        name: invitation.name,
        role: invitation.role,
        cohortName: invitation.cohortName,
        programTitle: invitation.programTitle,
        facilitatorName: invitation.facilitatorName,
        facilitatorEmail: invitation.facilitatorEmail,
        hasAccount: invitation.hasAccount,
      },
    },
    { status: forAnotherAddress ? 403 : 200 },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleInvitationAction(context, request, params.token ?? '');
}

const problems = {
  expired: {
    title: 'This invitation has expired',
    text: 'Invitation links work for 14 days. Ask your facilitator to send you a new one.',
  },
  revoked: {
    title: 'This invitation was withdrawn',
    text: 'The facilitator withdrew this invitation. If you think that is a mistake, ask them.',
  },
  used: {
    title: 'This invitation has already been used',
    text: 'Each link works once. If it was you, sign in to reach the cohort; otherwise ask your facilitator for a new invitation.',
  },
  unknown: {
    title: 'This invitation link is not valid',
    text: 'The link may be incomplete: check that you copied all of it from the email, or ask your facilitator to send a new one.',
  },
} as const;

export default function InvitationPage() {
  const { status, invitation, user, token, forAnotherAddress } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{
    intent: string;
    name: string;
    password: string;
    confirmPassword: string;
  }>({ id: 'invitation', lastResult: reply?.result });

  if (status !== 'valid' || !invitation) {
    const problem = problems[status === 'valid' ? 'unknown' : status];
    return (
      <section
        className="card auth-card"
        aria-labelledby="invite-title"
        style={{ maxWidth: '36rem', margin: '0 auto' }}
      >
        <h1 id="invite-title">{problem.title}</h1>
        <p>{problem.text}</p>
        {invitation ? (
          <p>
            <a
              className="button button--primary"
              href={`mailto:${invitation.facilitatorEmail}?subject=${encodeURIComponent(`New invitation for ${invitation.cohortName}`)}`}
            >
              Email {invitation.facilitatorName}
            </a>
          </p>
        ) : null}
        <p>
          <Link to="/login">Go to sign in</Link>
        </p>
      </section>
    );
  }

  const intro = (
    <>
      <p className="eyebrow">{invitation.programTitle}</p>
      <h1 id="invite-title">Join {invitation.cohortName}</h1>
      <p className="lead">
        {invitation.facilitatorName} invited {invitation.name ?? invitation.email} as a{' '}
        {roleLabels[invitation.role].toLowerCase()}.
      </p>
    </>
  );

  if (user && forAnotherAddress) {
    return (
      <section
        className="card auth-card"
        aria-labelledby="invite-title"
        style={{ maxWidth: '36rem', margin: '0 auto' }}
      >
        <p className="eyebrow">{invitation.programTitle}</p>
        <h1 id="invite-title">{`This invitation is for ${invitation.email}`}</h1>
        <p>
          {`You are signed in as ${user.name} (${user.email}). An invitation admits the address it was sent to, so nothing has changed.`}
        </p>
        <p>
          {`If ${invitation.email} is yours, sign out, then open this link again and sign in with it. If you should join ${invitation.cohortName} as ${user.email}, ask ${invitation.facilitatorName} to invite that address.`}
        </p>
        <div className="actions-row">
          <Form method="post" action="/logout">
            <button type="submit" className="button button--primary">
              Sign out
            </button>
          </Form>
          <a
            className="button"
            href={`mailto:${invitation.facilitatorEmail}?subject=${encodeURIComponent(`An invitation for ${user.email} to ${invitation.cohortName}`)}`}
          >
            Email {invitation.facilitatorName}
          </a>
        </div>
      </section>
    );
  }

  if (user) {
    return (
      <section
        className="card auth-card"
        aria-labelledby="invite-title"
        style={{ maxWidth: '36rem', margin: '0 auto' }}
      >
        {intro}
        <p>
          You are signed in as <strong>{user.name}</strong> ({user.email}).
        </p>
        <SubmissionAlert result={reply?.result} id={form.errorId} />
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="accept" />
          <button type="submit" className="button button--primary" disabled={busy}>
            Accept and join the cohort
          </button>
        </Form>
      </section>
    );
  }

  if (invitation.hasAccount) {
    return (
      <section
        className="card auth-card"
        aria-labelledby="invite-title"
        style={{ maxWidth: '36rem', margin: '0 auto' }}
      >
        {intro}
        <p>
          You already have a Cadre account for {invitation.email}. Sign in, and you will come back
          here to accept.
        </p>
        <Link
          className="button button--primary"
          to={`/login?redirectTo=${encodeURIComponent(`/invitations/${token}`)}`}
        >
          Sign in to accept
        </Link>
      </section>
    );
  }

  return (
    <section
      className="card auth-card"
      aria-labelledby="invite-title"
      style={{ maxWidth: '36rem', margin: '0 auto' }}
    >
      {intro}
      <p>Create your account to accept. It takes a minute.</p>
      {form.errors?.length ? (
        <div className="alert alert--error" role="alert" id={form.errorId}>
          {form.errors[0]}
        </div>
      ) : null}
      <Form method="post" className="form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="register" />
        <TextField
          name="account-email"
          label="Email"
          type="email"
          value={invitation.email}
          readOnly
          hint="Your invitation was sent to this address."
        />
        <TextField
          name={fields.name.name}
          label="Your name"
          type="text"
          autoComplete="name"
          required
          defaultValue={fields.name.initialValue ?? invitation.name ?? ''}
          error={fields.name.errors?.[0]}
        />
        <NewPasswordFields
          errors={{
            password: fields.password.errors?.[0],
            confirmPassword: fields.confirmPassword.errors?.[0],
          }}
        />
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {busy ? 'Creating your account…' : 'Create account and join'}
        </button>
      </Form>
    </section>
  );
}

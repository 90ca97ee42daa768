import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { NewPasswordFields, SubmissionAlert, TextField } from '~/components/forms';
import { handleJoinAction, loadJoinPage } from '~/cohorts/join-page.server';

export const meta: MetaFunction = () => [{ title: 'Join a cohort · Cadre' }];

// a refused page says when to try again (Retry-After) on the response itself
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const retryAfter = loaderHeaders.get('Retry-After');
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers();
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadJoinPage(context, request, params.code ?? '');
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleJoinAction(context, request, params.code ?? '');
}

export default function JoinPage() {
  const { code, user, cohort, elsewhere, limited } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{
    intent: string;
    name: string;
    email: string;
    password: string;
    confirmPassword: string;
  }>({ id: 'join', lastResult: reply?.result });
  const box = { maxWidth: '36rem', margin: '0 auto' };

  if (limited) {
    return (
      <section className="card" style={box} aria-labelledby="join-title">
        <h1 id="join-title">Too many join codes tried</h1>
        <p>
          Several join codes from your network did not match a cohort, so join links are paused here
          for a while. Try again in {limited.wait}.
        </p>
        <p>
          Check that the link is complete: copy it again from the invitation or the message it came
          in.
        </p>
        <Link to="/login">Go to sign in</Link>
      </section>
    );
  }

  if (elsewhere && cohort && user) {
    return (
      <section className="card" style={box} aria-labelledby="join-title">
        <h1 id="join-title">{`This join link is for ${cohort.organizationName}`}</h1>
        <p>
          {`${cohort.name} is run by ${cohort.organizationName}, and its join link admits the people of ${cohort.organizationName} only. You are signed in as ${user.name} (${user.email}), whose Cadre account belongs to another organization, so nothing has changed.`}
        </p>
        <p>
          {`If you should take part, ask ${cohort.facilitatorName} to send an invitation to ${user.email}. An invitation is how a cohort takes in someone from elsewhere.`}
        </p>
        <Link to="/">Back to your cohorts</Link>
      </section>
    );
  }

  if (!cohort || !cohort.open) {
    return (
      <section className="card" style={box} aria-labelledby="join-title">
        <h1 id="join-title">
          {cohort ? 'This cohort is not taking new members' : 'This join link is not valid'}
        </h1>
        <p>
          {cohort
            ? `${cohort.name} has moved past enrolment. Ask ${cohort.facilitatorName} whether there is room.`
            : 'The link may be incomplete, or the facilitator may have turned it off. Ask them for a new one.'}
        </p>
        <Link to="/login">Go to sign in</Link>
      </section>
    );
  }

  return (
    <section className="card" style={box} aria-labelledby="join-title">
      <p className="eyebrow">{cohort.programTitle}</p>
      <h1 id="join-title">Join {cohort.name}</h1>
      <p className="lead">Facilitated by {cohort.facilitatorName}.</p>
      {user ? (
        <Form method="post" {...getFormProps(form)}>
          <SubmissionAlert result={reply?.result} id={form.errorId} />
          <input type="hidden" name="intent" value="join" />
          <p>You are signed in as {user.name}.</p>
          <button type="submit" className="button button--primary">
            Join the cohort
          </button>
        </Form>
      ) : (
        <>
          <p>
            Already have an account?{' '}
            <Link to={`/login?redirectTo=${encodeURIComponent(`/join/${code}`)}`}>
              Sign in to join
            </Link>
            . New to Cadre? Create your account:
          </p>
          {form.errors?.length ? (
            <div className="alert alert--error" role="alert" id={form.errorId}>
              {form.errors[0]}
            </div>
          ) : null}
          <Form method="post" className="form" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="register" />
            <TextField
              name={fields.name.name}
              label="Your name"
              type="text"
              autoComplete="name"
              required
              defaultValue={fields.name.initialValue}
              error={fields.name.errors?.[0]}
            />
            <TextField
              name={fields.email.name}
              label="Email"
              type="email"
              autoComplete="email"
              required
              defaultValue={fields.email.initialValue}
              error={fields.email.errors?.[0]}
            />
            <NewPasswordFields
              errors={{
                password: fields.password.errors?.[0],
                confirmPassword: fields.confirmPassword.errors?.[0],
              }}
            />
            <button type="submit" className="button button--primary button--wide">
              Create account and join
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

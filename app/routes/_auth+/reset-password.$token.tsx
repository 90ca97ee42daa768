import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { lookupPasswordReset, submitPasswordReset } from '~/auth/password-reset.server';
import { NewPasswordFields } from '~/components/forms';
import { redirectWithToast } from '~/utils/toast.server';

export const meta: MetaFunction = () => [{ title: 'Choose a new password · Cadre' }];

// the page is opened by a secret link: no cache keeps it
const noStore = { 'Cache-Control': 'no-store' };

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => ({
  'Cache-Control':
    actionHeaders.get('Cache-Control') ?? loaderHeaders.get('Cache-Control') ?? 'no-store',
});

export async function loader({ params, context }: LoaderFunctionArgs) {
  const status = await lookupPasswordReset(context.db, params.token ?? '');
  return data({ status }, { status: status === 'valid' ? 200 : 410, headers: noStore });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const outcome = await submitPasswordReset(context, request, params.token ?? '');
  if (outcome.status === 'reset') {
    throw await redirectWithToast(
      '/',
      { kind: 'success', message: 'Your password is changed and every other sign-in is ended.' },
      { headers: { 'Set-Cookie': outcome.cookie } },
    );
  }
  return data(
    { result: outcome.result, spent: outcome.status === 'spent' },
    { status: outcome.status === 'spent' ? 410 : 400, headers: noStore },
  );
}

const problems = {
  expired: {
    title: 'This reset link has expired',
    text: 'Reset links work for one hour. Ask for a new one and use it soon after it arrives.',
  },
  used: {
    title: 'This reset link has already been used',
    text: 'Each link works once. If you did not use it, ask for a new one.',
  },
  unknown: {
    title: 'This reset link is not valid',
    text: 'The link may be incomplete: check that you copied all of it from the email, or ask for a new one.',
  },
} as const;

export default function ResetPasswordPage() {
  const { status } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting';
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{ password: string; confirmPassword: string }>({
    lastResult: reply?.result,
  });

  const problem = reply?.spent ? problems.used : status === 'valid' ? null : problems[status];
  if (problem) {
    return (
      <div className="auth-layout">
        <section className="card auth-card" aria-labelledby="reset-title">
          <h1 id="reset-title">{problem.title}</h1>
          <p>{problem.text}</p>
          <p>
            <Link to="/forgot-password" className="button button--primary">
              Ask for a new link
            </Link>
          </p>
        </section>
      </div>
    );
  }

  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="reset-title">
        <h1 id="reset-title">Choose a new password</h1>
        <p className="muted">Setting it signs you out everywhere else, and signs you in here.</p>
        <Form method="post" className="form" {...getFormProps(form)}>
          <NewPasswordFields
            errors={{
              password: fields.password.errors?.[0],
              confirmPassword: fields.confirmPassword.errors?.[0],
            }}
          />
          <button
            type="submit"
            className="button button--primary button--wide"
            disabled={submitting}
          >
            {submitting ? 'Saving…' : 'Set my new password'}
          </button>
        </Form>
      </section>
    </div>
  );
}

import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useNavigation } from '@remix-run/react';
import { RESET_REQUESTED_MESSAGE, submitForgotPassword } from '~/auth/password-reset.server';
import { TextField } from '~/components/forms';

export const meta: MetaFunction = () => [{ title: 'Forgot your password? · Cadre' }];

export async function action({ request, context }: ActionFunctionArgs) {
  const { result, sent, httpStatus } = await submitForgotPassword(context, request);
  return data(
    { result, sentMessage: sent ? RESET_REQUESTED_MESSAGE : null },
    { status: httpStatus, headers: { 'Cache-Control': 'no-store' } },
  );
}

export default function ForgotPasswordPage() {
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting';
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{ email: string }>({ lastResult: reply?.result });

  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="forgot-title">
        <h1 id="forgot-title">Forgot your password?</h1>
        <p className="muted">
          Enter the email address you sign in with and we will send you a link to choose a new
          password.
        </p>

        {reply?.sentMessage ? (
          <div className="alert alert--success" role="status" id="forgot-sent">
            {reply.sentMessage}
          </div>
        ) : null}

        <Form method="post" className="form" {...getFormProps(form)}>
          <TextField
            name={fields.email.name}
            label="Email"
            type="email"
            autoComplete="email"
            required
            defaultValue={fields.email.initialValue ?? ''}
            error={fields.email.errors?.[0]}
            autoFocus
          />
          <button
            type="submit"
            className="button button--primary button--wide"
            disabled={submitting}
          >
            {submitting ? 'Sending…' : 'Send me a link'}
          </button>
        </Form>
        <p>
          <Link to="/login">Back to sign in</Link>
        </p>
      </section>
    </div>
  );
}

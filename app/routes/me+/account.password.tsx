import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, useActionData, useNavigation } from '@remix-run/react';
import { requireAccount, submitPasswordChange } from '~/account/account.server';
import { TextField } from '~/components/forms';
import { redirectWithToast } from '~/utils/toast.server';

export const meta: MetaFunction = () => [{ title: 'Password · My account · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccount(context, request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireAccount(context, request);
  const outcome = await submitPasswordChange(context, request, user);
  if (outcome.status === 'changed') {
    throw await redirectWithToast('/me/account/password', {
      kind: 'success',
      message:
        outcome.sessionsEnded === 0
          ? 'Your password is changed.'
          : `Your password is changed, and ${outcome.sessionsEnded} other ${outcome.sessionsEnded === 1 ? 'sign-in was' : 'sign-ins were'} ended.`,
    });
  }
  return data({ result: outcome.result }, { status: 400 });
}

export default function PasswordPage() {
  const reply = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{
    currentPassword: string;
    password: string;
    confirmPassword: string;
  }>({ lastResult: reply?.result });
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Change your password</h2>
      <p className="muted">
        Every other device signed in to your account is signed out; this one stays signed in.
      </p>
      <Form method="post" className="form form--narrow" {...getFormProps(form)}>
        <TextField
          name={fields.currentPassword.name}
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          error={fields.currentPassword.errors?.[0]}
        />
        <TextField
          name={fields.password.name}
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          error={fields.password.errors?.[0]}
          hint="At least 10 characters."
        />
        <TextField
          name={fields.confirmPassword.name}
          label="Type the new password again"
          type="password"
          autoComplete="new-password"
          required
          error={fields.confirmPassword.errors?.[0]}
        />
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Changing…' : 'Change password'}
        </button>
      </Form>
    </section>
  );
}

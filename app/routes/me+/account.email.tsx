import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireAccount } from '~/account/account.server';
import { getPendingEmailChange, submitEmailChange } from '~/account/email-change.server';
import { TextField } from '~/components/forms';
import { formatDateTime } from '~/utils/dates';
import { redirectWithToast } from '~/utils/toast.server';

export const meta: MetaFunction = () => [{ title: 'Email address · My account · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, account } = await requireAccount(context, request);
  return {
    email: account.email,
    timezone: account.timezone,
    pending: await getPendingEmailChange(context.db, user.id),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireAccount(context, request);
  const outcome = await submitEmailChange(context, request, user);
  if (outcome.status === 'sent') {
    throw await redirectWithToast('/me/account/email', {
      kind: 'success',
      message: `We sent a link to ${outcome.newEmail}. Your address changes when you open it.`,
    });
  }
  return data({ result: outcome.result }, { status: 400 });
}

export default function EmailPage() {
  const { email, pending, timezone } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{ newEmail: string; currentPassword: string }>({
    lastResult: reply?.result,
  });
  return (
    <section className="card" aria-labelledby="email-title">
      <h2 id="email-title">Email address</h2>
      <p>
        You sign in with <strong>{email}</strong>, and Cadre&apos;s emails go there.
      </p>
      {pending ? (
        <div className="alert alert--info" role="status" id="email-pending">
          Waiting for confirmation: we sent a link to <strong>{pending.newEmail}</strong>. It works
          until {formatDateTime(pending.expiresAt, timezone)}. Until it is used, your address stays{' '}
          {email}.
        </div>
      ) : null}
      <Form method="post" className="form form--narrow" {...getFormProps(form)}>
        {form.errors?.length ? (
          <div className="alert alert--error" role="alert" id={form.errorId}>
            {form.errors[0]}
          </div>
        ) : null}
        <TextField
          name={fields.newEmail.name}
          label="New email address"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          defaultValue={fields.newEmail.initialValue ?? ''}
          error={fields.newEmail.errors?.[0]}
          hint="We send a link to it; your address changes when you open that link. Your current address is told about the request."
        />
        <TextField
          name={fields.currentPassword.name}
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          error={fields.currentPassword.errors?.[0]}
        />
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Sending…' : 'Send the confirmation link'}
        </button>
      </Form>
    </section>
  );
}

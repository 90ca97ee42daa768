import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireAccount, submitProfile } from '~/account/account.server';
import { TextField } from '~/components/forms';
import { redirectWithToast } from '~/utils/toast.server';

export const meta: MetaFunction = () => [{ title: 'Profile · My account · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireAccount(context, request);
  return { name: account.name, educatorId: account.educatorId ?? '' };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireAccount(context, request);
  const outcome = await submitProfile(context, request, user);
  if (outcome.status === 'saved') {
    throw await redirectWithToast('/me/account', {
      kind: outcome.changed ? 'success' : 'info',
      message: outcome.changed ? 'Your profile is saved.' : 'Nothing had changed.',
    });
  }
  return data({ result: outcome.result }, { status: 400 });
}

export default function ProfilePage() {
  const saved = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{ name: string; educatorId: string }>({
    lastResult: reply?.result,
    defaultValue: saved,
  });
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <Form method="post" className="form form--narrow" {...getFormProps(form)}>
        <TextField
          name={fields.name.name}
          label="Name"
          autoComplete="name"
          required
          maxLength={100}
          defaultValue={fields.name.initialValue ?? ''}
          error={fields.name.errors?.[0]}
          hint="As colleagues know you; it appears on certificates and transcripts."
        />
        <TextField
          name={fields.educatorId.name}
          label="State educator id (PPID)"
          inputMode="numeric"
          autoComplete="off"
          maxLength={40}
          defaultValue={fields.educatorId.initialValue ?? ''}
          error={fields.educatorId.errors?.[0]}
          hint="Pennsylvania's Professional Personnel ID: 7 digits, on your PDE letter or in TIMS. Needed to credit Act 48 hours. Leave empty if you have none."
        />
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Saving…' : 'Save profile'}
        </button>
      </Form>
    </section>
  );
}

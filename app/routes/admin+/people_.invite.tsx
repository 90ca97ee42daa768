import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TextField } from '~/components/forms';
import { newIdempotencyKey } from '~/http/idempotency.server';
import { ACCOUNT_INVITATION_TTL_DAYS } from '~/people/accounts.server';
import { requireDirectoryAdmin } from '~/people/directory.server';
import { handleInvitePerson } from '~/people/person-actions.server';

export const meta: MetaFunction = () => [{ title: 'Invite a person · People · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireDirectoryAdmin(context.db, request);
  return { idempotencyKey: newIdempotencyKey(), ttlDays: ACCOUNT_INVITATION_TTL_DAYS };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { status, ...reply } = await handleInvitePerson(context, request);
  return data(reply, { status });
}

export default function InvitePersonPage() {
  const { idempotencyKey, ttlDays } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{
    name: string;
    email: string;
    stateEducatorId: string;
    member: boolean;
  }>({ lastResult: reply?.result });

  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">
          <Link to="/admin/people">People</Link>
        </p>
        <h1>Invite a person</h1>
        <p className="lead">
          Makes them an account in your organization and emails them a link to set a password. The
          link works for {ttlDays} days. To invite many people at once,{' '}
          <Link to="/admin/people/import">import a CSV</Link>.
        </p>
      </header>
      <section className="card" aria-labelledby="invite-title">
        <h2 id="invite-title">Their details</h2>
        {form.errors?.length ? (
          <div className="alert alert--error" role="alert" id={form.errorId}>
            {form.errors[0]}
          </div>
        ) : null}
        <Form method="post" className="form form--narrow" {...getFormProps(form)}>
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <TextField
            name={fields.name.name}
            label="Name"
            autoComplete="off"
            required
            maxLength={200}
            defaultValue={fields.name.initialValue ?? ''}
            error={fields.name.errors?.[0]}
          />
          <TextField
            name={fields.email.name}
            label="Email"
            type="email"
            autoComplete="off"
            required
            defaultValue={fields.email.initialValue ?? ''}
            error={fields.email.errors?.[0]}
          />
          {reply && 'existingUserId' in reply && reply.existingUserId ? (
            <p>
              <Link to={`/admin/people/${reply.existingUserId}`}>Open their page</Link>
            </p>
          ) : null}
          <TextField
            name={fields.stateEducatorId.name}
            label="State educator id (PPID), if you know it"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={fields.stateEducatorId.initialValue ?? ''}
            error={fields.stateEducatorId.errors?.[0]}
          />
          <div className="field">
            <label>
              <input type="checkbox" name={fields.member.name} /> A member of the organization from
              today
            </label>
          </div>
          <div className="actions-row">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Sending…' : 'Send the invitation'}
            </button>
            <Link to="/admin/people" className="button">
              Cancel
            </Link>
          </div>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { SelectField, SubmissionAlert, TextField } from '~/components/forms';
import { requireOrgAdmin } from '~/permissions/permissions.server';
import {
  getSignInSettings,
  ISSUER_HINTS,
  KIND_LABELS,
  submitSignInSettings,
  type ConnectionSummary,
} from '~/sso/connections.server';
// NOTE: the labels reach the page through the loader; .server modules are empty in the browser
import { ssoRedirectUri } from '~/sso/flow.server';
import { appOriginOf } from '~/http/origin.server';
import { redirectWithToast } from '~/utils/toast.server';
import { AdminNav } from './__admin-nav';

export const meta: MetaFunction = () => [{ title: 'Sign-in settings · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'Sign-in settings are kept by your organization’s admins.');
  const settings = await getSignInSettings(context.db, user.organizationId);
  return {
    ...settings,
    redirectUri: ssoRedirectUri(request, context.env),
    signInPage: `${appOriginOf(request, context.env)}/login?org=${encodeURIComponent(settings.slug)}`,
    kindHints: ISSUER_HINTS,
    kindLabels: KIND_LABELS,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'Sign-in settings are kept by your organization’s admins.');
  const outcome = await submitSignInSettings(context, request, user);
  if (outcome.status === 'saved') {
    throw await redirectWithToast('/admin/sign-in', { kind: 'success', message: outcome.message });
  }
  return data(
    { result: outcome.result, intent: outcome.intent, connectionId: outcome.connectionId },
    { status: 400 },
  );
}

type Reply = ReturnType<typeof useActionData<typeof action>>;

function replyFor(reply: Reply, intent: string, connectionId: string | null) {
  if (!reply || reply.intent !== intent || (reply.connectionId ?? null) !== connectionId) {
    return undefined;
  }
  return reply.result as SubmissionResult<string[]>;
}

export default function SignInSettingsPage() {
  const { passwordSignIn, connections, redirectUri, signInPage } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const enabledCount = connections.filter((connection) => connection.enabled).length;

  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Organization</p>
        <h1>Sign-in</h1>
        <p className="lead">
          How your people sign in to Cadre: with a password, with single sign-on through Google,
          Microsoft or another OpenID Connect provider, or both.
        </p>
      </header>
      <AdminNav />
      {/* a reply no form on the page sent, such as an unknown intent */}
      <SubmissionAlert
        result={
          reply && reply.intent !== 'save' && reply.intent !== 'password-sign-in'
            ? (reply.result as SubmissionResult<string[]>)
            : undefined
        }
      />

      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">Password sign-in</h2>
        <p>
          {passwordSignIn
            ? 'On: people may sign in with their Cadre password.'
            : 'Off: people sign in only through single sign-on.'}{' '}
          Org admins may always use their password, so a provider that is down or misconfigured
          never locks your organization out.
        </p>
        <PasswordSignInForm
          key={String(passwordSignIn)}
          passwordSignIn={passwordSignIn}
          enabledCount={enabledCount}
          lastResult={replyFor(reply, 'password-sign-in', null)}
        />
      </section>

      <section className="card" aria-labelledby="providers-title">
        <h2 id="providers-title">Single sign-on providers</h2>
        <p>
          Register this redirect URI with each provider (Google Cloud console, Microsoft Entra app
          registration, ClassLink or Clever):
        </p>
        <p>
          <code className="copyable" id="redirect-uri">
            {redirectUri}
          </code>
        </p>
        <p>
          People sign in on the usual sign-in page by typing their work email, or straight from your
          organization’s own sign-in page: <code className="copyable">{signInPage}</code>
        </p>
        {connections.length === 0 ? (
          <div className="empty-state">
            <p>
              <strong>No providers yet.</strong> Add one below; it stays off until you turn it on.
            </p>
          </div>
        ) : (
          <ul className="connection-list">
            {connections.map((connection) => (
              <li key={connection.id} className="card">
                <ConnectionDetails connection={connection} />
                <details open={reply?.connectionId === connection.id ? true : undefined}>
                  <summary>Edit {connection.displayName}</summary>
                  <ConnectionForm
                    key={String(connection.updatedAt)}
                    connection={connection}
                    lastResult={replyFor(reply, 'save', connection.id)}
                  />
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="add-title">
        <h2 id="add-title">Add a provider</h2>
        {/* a fresh form after each save, so the last one's values and errors are gone */}
        <ConnectionForm
          key={connections.map((connection) => connection.id).join()}
          connection={null}
          lastResult={replyFor(reply, 'save', null)}
        />
      </section>
    </div>
  );
}

function ConnectionDetails({ connection }: { connection: ConnectionSummary }) {
  const { kindLabels } = useLoaderData<typeof loader>();
  return (
    <>
      <h3>
        {connection.displayName}{' '}
        <span className={`badge ${connection.enabled ? 'badge--success' : ''}`}>
          {connection.enabled ? 'On' : 'Off'}
        </span>
      </h3>
      <dl>
        <dt>Kind</dt>
        <dd>{kindLabels[connection.kind]}</dd>
        <dt>Issuer</dt>
        <dd>{connection.issuer}</dd>
        <dt>Client id</dt>
        <dd>{connection.clientId}</dd>
        <dt>Email domains</dt>
        <dd>{connection.domains.join(', ')}</dd>
        <dt>Linked people</dt>
        <dd>{connection.linkedPeople}</dd>
      </dl>
    </>
  );
}

function PasswordSignInForm({
  passwordSignIn,
  enabledCount,
  lastResult,
}: {
  passwordSignIn: boolean;
  enabledCount: number;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const [form, fields] = useForm({ id: 'password-sign-in', lastResult });
  const error = fields.passwordSignIn?.errors?.[0];
  return (
    <Form method="post" className="form form--narrow" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="password-sign-in" />
      <fieldset
        className="choices"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'password-sign-in-error' : undefined}
      >
        <legend>People other than admins may sign in with a password</legend>
        <div className="choice">
          <input
            type="radio"
            id="password-sign-in-on"
            name="passwordSignIn"
            value="on"
            defaultChecked={passwordSignIn}
          />
          <label htmlFor="password-sign-in-on">On</label>
        </div>
        <div className="choice">
          <input
            type="radio"
            id="password-sign-in-off"
            name="passwordSignIn"
            value="off"
            defaultChecked={!passwordSignIn}
          />
          <label htmlFor="password-sign-in-off">
            Off: single sign-on only
            {enabledCount === 0 ? ' (turn on a provider first)' : ''}
          </label>
        </div>
      </fieldset>
      {error ? (
        <p className="field-error" id="password-sign-in-error">
          {error}
        </p>
      ) : null}
      <div>
        <button type="submit" className="button button--primary">
          Save password sign-in
        </button>
      </div>
    </Form>
  );
}

function ConnectionForm({
  connection,
  lastResult,
}: {
  connection: ConnectionSummary | null;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { kindHints, kindLabels } = useLoaderData<typeof loader>();
  const prefix = connection ? `edit-${connection.id}` : 'new';
  const [form, fields] = useForm({ id: `connection-${prefix}`, lastResult });
  const navigation = useNavigation();
  const submitting =
    navigation.state === 'submitting' &&
    navigation.formData?.get('connectionId') === (connection?.id ?? null);
  const value = (name: string, fallback: string) => {
    const initial = (form.initialValue as Record<string, unknown> | undefined)?.[name];
    return typeof initial === 'string' ? initial : fallback;
  };
  const firstError = (name: keyof typeof fields) => fields[name]?.errors?.[0];
  const enabledError = firstError('enabled');

  return (
    <Form method="post" className="form form--narrow" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save" />
      {connection ? <input type="hidden" name="connectionId" value={connection.id} /> : null}
      {form.errors?.length ? (
        <div className="alert alert--error" role="alert">
          {form.errors[0]}
        </div>
      ) : null}
      <SelectField
        id={`${prefix}-kind`}
        name="kind"
        label="Provider"
        defaultValue={value('kind', connection?.kind ?? 'google')}
        error={firstError('kind')}
      >
        {(['google', 'microsoft', 'oidc'] as const).map((kind) => (
          <option key={kind} value={kind}>
            {kindLabels[kind]}
          </option>
        ))}
      </SelectField>
      <TextField
        id={`${prefix}-displayName`}
        name="displayName"
        type="text"
        label="Name on the button"
        maxLength={60}
        defaultValue={value('displayName', connection?.displayName ?? '')}
        error={firstError('displayName')}
        hint="“Sign in with …”. Leave empty for Google or Microsoft; required for another provider, e.g. ClassLink."
      />
      <TextField
        id={`${prefix}-issuer`}
        name="issuer"
        label="Issuer URL"
        type="url"
        required
        maxLength={500}
        defaultValue={value('issuer', connection?.issuer ?? '')}
        error={firstError('issuer')}
        hint={`Google: ${kindHints.google}. Microsoft: ${kindHints.microsoft}. Other: ${kindHints.oidc}.`}
      />
      <TextField
        id={`${prefix}-clientId`}
        name="clientId"
        type="text"
        label="Client id"
        required
        maxLength={500}
        autoComplete="off"
        defaultValue={value('clientId', connection?.clientId ?? '')}
        error={firstError('clientId')}
      />
      <TextField
        id={`${prefix}-clientSecret`}
        name="clientSecret"
        label="Client secret"
        type="password"
        required={!connection}
        maxLength={1000}
        autoComplete="new-password"
        error={firstError('clientSecret')}
        hint={
          connection
            ? 'Stored encrypted and never shown again. Leave empty to keep the saved one.'
            : 'Stored encrypted and never shown again.'
        }
      />
      <TextField
        id={`${prefix}-domains`}
        name="domains"
        type="text"
        label="Allowed email domains"
        required
        maxLength={2000}
        defaultValue={value('domains', connection?.domains.join(', ') ?? '')}
        error={firstError('domains')}
        hint="Only addresses at these domains sign in through this provider, e.g. school.org, district.k12.pa.us."
      />
      <div className="choice">
        <input
          type="checkbox"
          id={`${prefix}-enabled`}
          name="enabled"
          value="on"
          defaultChecked={connection?.enabled ?? false}
          aria-invalid={enabledError ? true : undefined}
          aria-describedby={enabledError ? `${prefix}-enabled-error` : undefined}
        />
        <label htmlFor={`${prefix}-enabled`}>
          Turned on: show “Sign in with …” and accept sign-ins
        </label>
      </div>
      {enabledError ? (
        <p className="field-error" id={`${prefix}-enabled-error`}>
          {enabledError}
        </p>
      ) : null}
      <div>
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Saving…' : connection ? `Save ${connection.displayName}` : 'Add provider'}
        </button>
      </div>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from '@remix-run/react';
import { getDemoAccounts, submitSignIn } from '~/auth/login.server';
import { getUser } from '~/auth/session.server';
import { TextField } from '~/components/forms';
import { SsoButtons } from '~/components/sso-buttons';
import { getSsoButtonsForOrganization } from '~/sso/flow.server';
import { safeRedirect } from '~/utils/redirect';

export const meta: MetaFunction = () => [{ title: 'Sign in · Cadre' }];

// a refused sign-in says when to try again (Retry-After) on the page response itself
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After');
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers();
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (await getUser(context.db, request)) {
    throw redirect(safeRedirect(url.searchParams.get('redirectTo')));
  }
  // /login?org=slug shows that organization's single sign-on buttons
  const org = url.searchParams.get('org');
  return {
    demoAccounts: await getDemoAccounts(context.db),
    ssoButtons: org ? await getSsoButtonsForOrganization(context.db, org) : [],
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const outcome = await submitSignIn(context, request);
  if (outcome.status === 'signed-in') {
    throw redirect(outcome.redirectTo, { headers: { 'Set-Cookie': outcome.cookie } });
  }
  return data(outcome.reply, { status: outcome.httpStatus, headers: outcome.headers });
}

export default function LoginPage() {
  const { demoAccounts, ssoButtons } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const submitting = navigation.state !== 'idle' && navigation.formAction === '/login';
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{ email: string; password: string; redirectTo: string }>({
    id: 'login',
    lastResult: reply?.result,
  });
  const formError = form.errors?.[0];

  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Cadre</h1>
        <p className="muted">Your cohorts, sessions and action plans are waiting.</p>

        {formError ? (
          <div className="alert alert--error" role="alert" id={form.errorId}>
            {formError}
            {reply?.ssoHref ? (
              <>
                {' '}
                <Link to={reply.ssoHref}>Show your organization’s sign-in</Link>
              </>
            ) : null}
          </div>
        ) : null}

        {ssoButtons.length > 0 ? (
          <>
            <SsoButtons buttons={ssoButtons} redirectTo={searchParams.get('redirectTo')} />
            <p className="auth-divider">Or sign in with your password</p>
          </>
        ) : null}

        <Form method="post" className="form" {...getFormProps(form)}>
          <input
            type="hidden"
            name={fields.redirectTo.name}
            value={searchParams.get('redirectTo') ?? ''}
          />
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
          <TextField
            name={fields.password.name}
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            error={fields.password.errors?.[0]}
          />
          <button
            type="submit"
            className="button button--primary button--wide"
            disabled={submitting}
          >
            {submitting ? 'Signing in…' : 'Sign in'}
          </button>
        </Form>
        <p>
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
        <p>
          <Link
            to={`/sso${searchParams.get('redirectTo') ? `?redirectTo=${encodeURIComponent(searchParams.get('redirectTo')!)}` : ''}`}
          >
            Sign in with your school or district account (single sign-on)
          </Link>
        </p>
      </section>

      {demoAccounts ? (
        <aside className="card demo-accounts" aria-labelledby="demo-title">
          <h2 id="demo-title">Demo accounts</h2>
          <p className="muted">
            This Cadre holds demo data. Every account below uses the password{' '}
            <code>{demoAccounts.password}</code>.
          </p>
          <dl className="demo-accounts__list">
            {demoAccounts.accounts.map((account) => (
              <div key={account.email}>
                <dt>{account.label}</dt>
                <dd>
                  <code>{account.email}</code>
                </dd>
              </div>
            ))}
          </dl>
        </aside>
      ) : null}
    </div>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { getUser } from '~/auth/session.server';
import { TextField } from '~/components/forms';
import { SsoButtons } from '~/components/sso-buttons';
import { submitSsoForm } from '~/sso/flow.server';
import { safeRedirect } from '~/utils/redirect';

export const meta: MetaFunction = () => [{ title: 'Single sign-on · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getUser(context.db, request)) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const outcome = await submitSsoForm(context, request);
  if (outcome.status === 'redirect') {
    throw redirect(outcome.location, { headers: { 'Set-Cookie': outcome.cookie } });
  }
  if (outcome.status === 'choose') {
    return data({ result: outcome.result, buttons: outcome.buttons, email: outcome.email });
  }
  return data({ result: outcome.result, buttons: [], email: null }, { status: outcome.httpStatus });
}

export default function SingleSignOnPage() {
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get('redirectTo');
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting';
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{ email: string }>({ lastResult: reply?.result });
  const buttons = reply?.buttons ?? [];

  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="sso-title">
        <h1 id="sso-title">Sign in with your organization</h1>
        <p className="muted">
          Enter your work email. If your school or district signs in with Google, Microsoft or
          another provider, we will take you there.
        </p>

        {form.errors?.length ? (
          <div className="alert alert--error" role="alert" id="sso-error">
            {form.errors[0]}
          </div>
        ) : null}

        {buttons.length > 0 ? (
          <>
            <p id="sso-choose">Choose where to sign in:</p>
            <SsoButtons
              buttons={buttons}
              redirectTo={redirectTo}
              email={reply?.email}
              showOrganization
            />
          </>
        ) : (
          <Form method="post" className="form" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="find" />
            {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
            <TextField
              name={fields.email.name}
              label="Work email"
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
              {submitting ? 'Looking…' : 'Continue'}
            </button>
          </Form>
        )}
        <p>
          <Link to="/login">Back to sign in with a password</Link>
        </p>
      </section>
    </div>
  );
}

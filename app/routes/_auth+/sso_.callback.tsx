import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { finishSsoSignIn } from '~/sso/flow.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? 'Single sign-on'} · Cadre` },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const outcome = await finishSsoSignIn(context, request);
  const headers = new Headers({ 'Cache-Control': 'no-store' });
  for (const cookie of outcome.cookies) headers.append('Set-Cookie', cookie);
  if (outcome.status === 'signed-in') throw redirect(outcome.redirectTo, { headers });
  return data(
    { title: outcome.title, message: outcome.message },
    { status: outcome.httpStatus, headers },
  );
}

export default function SingleSignOnCallbackPage() {
  const { title, message } = useLoaderData<typeof loader>();
  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="sso-refused-title">
        <h1 id="sso-refused-title">{title}</h1>
        <div className="alert alert--error" role="alert" id="sso-refused">
          {message}
        </div>
        <p>
          <Link to="/login">Back to sign in</Link>
        </p>
      </section>
    </div>
  );
}

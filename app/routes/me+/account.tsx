import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { requireAccount } from '~/account/account.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';

export const meta: MetaFunction = () => [{ title: 'My account · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account } = await requireAccount(context, request);
  return { name: account.name, email: account.email, organization: account.organizationName };
}

const sections = [
  { to: '/me/account', label: 'Profile', end: true },
  { to: '/me/account/email', label: 'Email address', end: false },
  { to: '/me/account/password', label: 'Password', end: false },
  { to: '/me/account/sessions', label: 'Signed-in devices', end: false },
  { to: '/me/account/notifications', label: 'Email preferences', end: false },
  { to: '/me/account/data', label: 'Your data', end: false },
];

export default function AccountLayout() {
  const { name, email, organization } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <header className="page-header">
        <h1>My account</h1>
        <p className="muted">
          {name} · {email} · {organization}
        </p>
      </header>
      <nav aria-label="Account sections" className="tabs">
        <ul>
          {sections.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} end={section.end} prefetch="intent">
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

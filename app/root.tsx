import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { getUser } from './auth/session.server';
import { RECENT_COHORTS } from './cohorts/cohorts.server';
import { GeneralErrorBoundary } from './components/error-boundary';
import { SiteHeader } from './components/site-header';
import { getNavigation } from './navigation/navigation.server';
import { getSiteBranding } from './organization/branding.server';
import { ToastBanner } from './components/toast';
import stylesheet from './styles/app.css';
import { useNonce } from './utils/nonce';
import { readToast } from './utils/toast.server';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.ico', sizes: 'any' },
];

export const meta: MetaFunction = () => [
  { title: 'Cadre' },
  { name: 'description', content: 'Cohort-based blended professional learning for educators.' },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { toast, headers } = await readToast(request);
  const user = await getUser(context.db, request);
  if (!user) {
    const organization = await getSiteBranding(context.db, null);
    return data({ user: null, cohorts: [], moreCohorts: false, toast, organization }, { headers });
  }
  const onScreen = /^\/cohorts\/([^/]+)/.exec(new URL(request.url).pathname)?.[1] ?? null;
  const {
    cohorts: recent,
    mayCreateCohorts,
    unreadNotices,
    organization,
  } = await getNavigation(context.db, user, {
    currentCohortId: onScreen,
    // one more than shown tells whether the switcher needs its search
    limit: RECENT_COHORTS + 1,
  });
  return data(
    {
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        isOrgAdmin: user.isOrgAdmin,
        mayCreateCohorts,
        unreadNotices,
      },
      cohorts: recent.slice(0, RECENT_COHORTS),
      // an organization's admin can reach every cohort of it, so always gets the search
      moreCohorts: user.isOrgAdmin || recent.length > RECENT_COHORTS,
      toast,
      organization,
    },
    { headers },
  );
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>;

export function useOptionalRootData() {
  return useRouteLoaderData<typeof loader>('root');
}

function Document({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useOptionalRootData();
  return (
    <Document>
      <SiteHeader
        user={data?.user ?? null}
        cohorts={data?.cohorts ?? []}
        organization={data?.organization ?? null}
        moreCohorts={data?.moreCohorts}
      />
      <main id="main" className="page" tabIndex={-1}>
        <ToastBanner toast={data?.toast ?? null} />
        <Outlet />
      </main>
    </Document>
  );
}

export function ErrorBoundary() {
  const data = useOptionalRootData();
  return (
    <Document>
      <SiteHeader
        user={data?.user ?? null}
        cohorts={data?.cohorts ?? []}
        organization={data?.organization ?? null}
        moreCohorts={data?.moreCohorts}
      />
      <main id="main" className="page" tabIndex={-1}>
        <GeneralErrorBoundary />
      </main>
    </Document>
  );
}

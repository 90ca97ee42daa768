import {
  isRouteErrorResponse,
  Link,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';

interface SupportContact {
  email: string | null;
  phone: string | null;
}

function supportFrom(value: unknown): SupportContact | null {
  if (!value || typeof value !== 'object') return null;
  const { email, phone } = value as Record<string, unknown>;
  const contact = {
    email: typeof email === 'string' && email ? email : null,
    phone: typeof phone === 'string' && phone ? phone : null,
  };
  return contact.email || contact.phone ? contact : null;
}

/**
 * Whom to ask: the organization's support contact from the root loader, or, when the root
 * loader could not run (the database is away), the one the 503 answer carries.
 */
function useSupportContact(error: unknown): SupportContact | null {
  const root = useRouteLoaderData('root') as { organization?: { support?: unknown } } | undefined;
  const fromRoot = supportFrom(root?.organization?.support);
  if (fromRoot) return fromRoot;
  if (isRouteErrorResponse(error) && error.data && typeof error.data === 'object') {
    return supportFrom((error.data as { support?: unknown }).support);
  }
  return null;
}

export function SupportLine({ support }: { support: SupportContact }) {
  return (
    <p className="error-support">
      Need help?{' '}
      {support.email ? (
        <>
          Write to <a href={`mailto:${support.email}`}>{support.email}</a>
        </>
      ) : null}
      {support.email && support.phone ? ' or ' : null}
      {support.phone ? (
        <>
          {support.email ? 'call' : 'Call'}{' '}
          <a
            href={`tel:${support.phone.replace(/\s*(ext\.?|x)\s*\d+$/i, '').replace(/[^\d+]/g, '')}`}
          >
            {support.phone}
          </a>
        </>
      ) : null}
      .
    </p>
  );
}

function messageFrom(data: unknown): string | null {
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') {
    return data.message;
  }
  return typeof data === 'string' && data.length < 300 ? data : null;
}

const titles: Record<number, string> = {
  400: 'That request did not make sense',
  403: 'You do not have access to this page',
  404: 'Page not found',
  429: 'Too many requests',
  503: 'Cadre is taking a short break',
};

/** 403, 404 and unexpected errors, shown inside the app's own layout. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  const support = useSupportContact(error);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = titles[status] ?? 'Something went wrong';
  const detail = isRouteErrorResponse(error)
    ? messageFrom(error.data)
    : 'Cadre hit an unexpected problem. Nothing you wrote has been lost; try again in a moment.';

  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-code">Error {status}</p>
      <h1 id="error-title">{title}</h1>
      {detail ? <p className="lead">{detail}</p> : null}
      <p>
        {status === 503 ? (
          // the same page again: it answers as soon as the database is back
          <a href={`${location.pathname}${location.search}`} className="button">
            Try again
          </a>
        ) : (
          <Link to="/" className="button">
            Go to your cohorts
          </Link>
        )}
      </p>
      {support ? <SupportLine support={support} /> : null}
    </section>
  );
}

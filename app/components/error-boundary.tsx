import { isRouteErrorResponse, Link, useLocation, useRouteError } from '@remix-run/react';

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
    </section>
  );
}

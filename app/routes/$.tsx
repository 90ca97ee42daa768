import type { LoaderFunctionArgs } from '@remix-run/node';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { requireUser } from '~/auth/session.server';
import { notFound } from '~/permissions/permissions.server';

// every unknown address: anonymous visitors sign in first, then everyone gets the app's 404 page
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(context.db, request);
  notFound('There is no page at this address. Check the link, or start from your cohorts.');
}

export default function NotFoundPage() {
  return <GeneralErrorBoundary />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { checkDatabase } from '~/http/health.server';

export async function loader({ context }: LoaderFunctionArgs) {
  const database = await checkDatabase(context.db);
  const body = { status: database === 'ok' ? 'ok' : 'degraded', database };
  return Response.json(body, {
    status: database === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}

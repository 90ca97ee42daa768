import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireAccount } from '~/account/account.server';
import { streamMyData } from '~/account/export.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireAccount(context, request);
  return streamMyData(context, user);
}

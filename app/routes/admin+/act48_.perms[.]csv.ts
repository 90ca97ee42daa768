import type { LoaderFunctionArgs } from '@remix-run/node';
import { permsPreviewResponse } from '~/act48/pages.server';

/** The upload file for every entry ready now, marking nothing. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return permsPreviewResponse(context, request);
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { permsBatchResponse } from '~/act48/pages.server';

/** A second copy of a batch's upload file. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return permsBatchResponse(context, request, params.batchId);
}

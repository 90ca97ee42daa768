import type { LoaderFunctionArgs } from '@remix-run/node';
import { transcriptPdfResponse } from '~/hours/transcript-page.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return transcriptPdfResponse(context, request, params.userId ?? '');
}

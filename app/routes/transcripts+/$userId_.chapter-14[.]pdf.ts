import type { LoaderFunctionArgs } from '@remix-run/node';
import { chapter14PdfResponse } from '~/certificates/chapter14-page.server';

/** A paraprofessional's Chapter 14 letter, for whoever may read their transcript. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return chapter14PdfResponse(context, request, params.userId ?? '');
}

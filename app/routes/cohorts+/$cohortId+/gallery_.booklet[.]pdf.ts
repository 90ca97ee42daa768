import type { LoaderFunctionArgs } from '@remix-run/node';
import { bookletPdfResponse } from '~/plans/pdf.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return bookletPdfResponse(context, request, params);
}

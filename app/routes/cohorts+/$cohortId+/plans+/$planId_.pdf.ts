import type { LoaderFunctionArgs } from '@remix-run/node';
import { planPdfResponse } from '~/plans/pdf.server';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return planPdfResponse(context, request, params);
}

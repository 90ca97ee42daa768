import type { LoaderFunctionArgs } from '@remix-run/node';
import { chapter14PdfResponse } from '~/certificates/chapter14-page.server';

/** The signed-in paraprofessional's own Chapter 14 letter (`?year=2026` for 2026–27). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return chapter14PdfResponse(context, request, undefined);
}

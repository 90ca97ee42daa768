import type { LoaderFunctionArgs } from '@remix-run/node';
import { evaluationCsvResponse } from '~/act48/pages.server';

/** The cohort's program evaluations; `?anonymous=1` leaves out who answered and when. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return evaluationCsvResponse(context, request, params.cohortId);
}

import type { LoaderFunctionArgs } from '@remix-run/node';
import { answerCohortSearch } from '~/cohorts/cohorts.server';

/** GET ?q= — one page of the cohorts the signed-in person may open, for the cohort switcher. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const answer = await answerCohortSearch(context.db, request);
  return Response.json(answer.body, {
    status: answer.status,
    headers: { 'Cache-Control': 'private, no-store' },
  });
}

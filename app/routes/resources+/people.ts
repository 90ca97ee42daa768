import type { LoaderFunctionArgs } from '@remix-run/node';
import { answerPeopleSearch } from '~/people/people-search.server';

/** GET ?q=&role=coach|facilitator|any[&cohort=] — one page of people for a person picker. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const answer = await answerPeopleSearch(context.db, request);
  return Response.json(answer.body, {
    status: answer.status,
    headers: { 'Cache-Control': 'private, no-store' },
  });
}

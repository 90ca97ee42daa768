import type { ActionFunctionArgs } from '@remix-run/node';
import { getMeetingSdkJoin } from '~/zoom/meeting-sdk.server';
import { readFormData } from '~/http/form.server';

// POST only: the answer is a credential, so it is never cached or prefetched
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const join = await getMeetingSdkJoin(context, request, {
    cohortId: field('cohortId'),
    coachingSessionId: field('coachingSessionId'),
  });
  return Response.json(join, { headers: { 'Cache-Control': 'no-store' } });
}

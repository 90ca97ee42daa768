import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { handlePathwayAction } from '~/pathway/actions.server';
import { loadPathwayPage } from '~/pathway/pages.server';
import { ParticipantPathway } from '~/pathway/participant-pathway';
import { PathwayEditor } from '~/pathway/pathway-editor';

export const meta: MetaFunction = () => [{ title: 'Pathway · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadPathwayPage(context, request, params.cohortId);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handlePathwayAction(context, request, params.cohortId);
}

export default function PathwayPage() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return page.view === 'participant' ? (
    <ParticipantPathway page={page} />
  ) : (
    <PathwayEditor page={page} result={reply?.result} />
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { legacyCredentialsLocation } from '~/authoring/credentials.server';

// Micro-credentials and their rubrics are edited in the authoring editor, in a draft version,
// so a cohort keeps the rubric of the version it runs on; old links and bookmarks lead there.

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return redirect(await legacyCredentialsLocation(context.db, request, params.programId));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // nothing is changed here any more: the form that posted it is gone
  return redirect(await legacyCredentialsLocation(context.db, request, params.programId), 303);
}

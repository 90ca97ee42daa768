import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { handleAutosave } from '~/plans/pages.server';

// the editor's JSON save endpoint; only POST is meaningful
export async function loader(_args: LoaderFunctionArgs) {
  return Response.json({ status: 'invalid', message: 'Save with POST.' }, { status: 405 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleAutosave(context, request, params);
}

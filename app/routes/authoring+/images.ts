import type { ActionFunctionArgs } from '@remix-run/node';
import { receiveAuthoringImage } from '~/authoring/images.server';
import { requireAuthor } from '~/authoring/programs.server';
import { getStorage } from '~/storage/storage.server';
import { redirectWithToast } from '~/utils/toast.server';

const RETURN_TO =
  /^\/authoring\/programs\/[0-9a-f-]{36}\/(modules|credentials)\/([0-9a-f-]{36}|new)$/i;

/** Receives an image for Markdown and goes back to the editor, which shows how to use it. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAuthor(context.db, request);
  const returnTo = new URL(request.url).searchParams.get('returnTo') ?? '';
  const back = RETURN_TO.test(returnTo) ? returnTo : '/authoring';
  const outcome = await receiveAuthoringImage(context.db, request, {
    user,
    storage: getStorage(context.env),
  });
  if (outcome.status === 'stored') {
    throw await redirectWithToast(`${back}?image=${outcome.id}`, {
      kind: 'success',
      message: 'The image is uploaded. Copy its Markdown into the body.',
    });
  }
  throw await redirectWithToast(
    back,
    { kind: 'error', message: outcome.message },
    {
      headers: { Connection: 'close' },
    },
  );
}

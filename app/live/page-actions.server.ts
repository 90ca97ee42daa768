import type { AppLoadContext } from '@remix-run/node';
import { runLiveCommand, type LiveCommandName, type LiveCommandPayload } from './commands.server';

/**
 * Runs a live-room command from a page's action (e.g. the share-out page moving the
 * spotlight) exactly as a socket would, then sends the events to the room on every node.
 */
export async function runLiveCommandFromPage<N extends LiveCommandName>(
  context: Pick<AppLoadContext, 'db' | 'realtime'>,
  input: { userId: string; command: N; payload: LiveCommandPayload<N> },
) {
  const outcome = await runLiveCommand(context.db, input);
  if ('error' in outcome) return { error: outcome.error };
  context.realtime.publishLiveEvents(outcome.envelopes);
  return { data: outcome.data };
}

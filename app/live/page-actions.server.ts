import type { AppLoadContext } from '@remix-run/node';
import { getLiveRoomAccess } from './live.server';
import {
  parseLiveCommand,
  runLiveCommand,
  type LiveCommandName,
  type LiveCommandPayload,
} from './commands.server';

/**
 * Runs a live-room command from a page's action (e.g. the share-out page moving the
 * spotlight) exactly as a socket would, then sends the events to the room on every node.
 * A page holds no membership, so the sender's access is read for this one command.
 */
export async function runLiveCommandFromPage<N extends LiveCommandName>(
  context: Pick<AppLoadContext, 'db' | 'realtime'>,
  input: { userId: string; command: N; payload: LiveCommandPayload<N> },
) {
  const command = parseLiveCommand(input.command, input.payload);
  if ('error' in command) return { error: command.error };
  const access = await getLiveRoomAccess(context.db, {
    coachingSessionId: command.input.coachingSessionId,
    userId: input.userId,
  });
  if (!access) return { error: 'You are not in this room.' };
  const outcome = await runLiveCommand(context.db, { access, command });
  if ('error' in outcome) return { error: outcome.error };
  context.realtime.publishLiveEvents(outcome.envelopes);
  return { data: outcome.data };
}

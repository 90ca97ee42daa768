import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { toCsv, type CsvValue } from '../utils/csv.server';
import { getLiveState, listLiveChat } from './live.server';
import { dateTimeFormat } from '../utils/dates';

type Executor = Kysely<Database>;

/**
 * What a live room kept, as one CSV: every poll's results by option, then the room's chat
 * (removed messages stay listed, without their text). Breakout chats are left out: they were
 * private to their groups.
 */
export async function liveRecordToCsv(
  db: Executor,
  input: { coachingSessionId: string; timeZone: string },
) {
  const [state, chat] = await Promise.all([getLiveState(db, input), listLiveChat(db, input)]);
  const time = dateTimeFormat({
    timeZone: input.timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const rows: CsvValue[][] = [['section', 'item', 'detail', 'count', 'when']];
  for (const poll of state.polls) {
    poll.options.forEach((option, index) => {
      rows.push([
        'poll',
        poll.question + (poll.competency ? ` (${poll.competency.title})` : ''),
        option,
        poll.counts?.[index] ?? 0,
        null,
      ]);
    });
    rows.push(['poll', poll.question, 'people who voted', poll.totalVotes, null]);
  }
  for (const message of chat) {
    if (message.groupId !== null) continue;
    rows.push([
      'chat',
      message.authorName,
      message.removed ? '(removed by the host)' : message.text,
      null,
      time.format(new Date(message.at)),
    ]);
  }
  return toCsv(rows);
}

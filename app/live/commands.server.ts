import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { suggestBreakoutGroups, listBreakoutCandidates, type Person } from './breakouts.server';
import {
  appendLiveEvents,
  findLiveChatMessage,
  foldLiveEvents,
  lockLiveRoom,
  SNAPSHOT_EVERY,
  storeLiveSnapshot,
  type LiveRoomAccess,
  type NewLiveEvent,
} from './live.server';
import { savableText } from '../utils/savable-text.server';
import { resolveSpotlight } from './spotlight.server';
import { groupOf, isBreakoutActive, type LiveEventEnvelope, type LiveState } from './state';

type Executor = Kysely<Database>;

const id = z.uuid({ error: 'must be an id' });
const room = { coachingSessionId: id };
const text = (max: number, what: string) =>
  savableText({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} cannot be empty` })
    .max(max, { error: `${what} can be at most ${max} characters` });

export const SpotlightTargetSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('resource'), moduleId: id }),
    z.strictObject({ kind: z.literal('action-plan'), planId: id }),
  ],
  { error: 'the spotlight target must be a module or an action plan' },
);

/** Every command a client (or a page) may send to a live room, with who may send it. */
export const liveCommands = {
  'hand:raise': { hostOnly: false, schema: z.strictObject(room) },
  'hand:lower': { hostOnly: false, schema: z.strictObject({ ...room, userId: id.optional() }) },
  'hand:next': { hostOnly: true, schema: z.strictObject(room) },
  'chat:send': {
    hostOnly: false,
    schema: z.strictObject({ ...room, text: text(2000, 'a message'), groupId: id.optional() }),
  },
  'chat:remove': { hostOnly: true, schema: z.strictObject({ ...room, messageId: id }) },
  'poll:open': {
    hostOnly: true,
    schema: z.strictObject({
      ...room,
      question: text(300, 'the question'),
      options: z
        .array(text(120, 'an option'), { error: 'options must be a list' })
        .min(2, { error: 'a poll needs at least two options' })
        .max(8, { error: 'a poll can have at most eight options' }),
      multiple: z.boolean({ error: 'multiple must be true or false' }),
      competencyId: id.nullish(),
    }),
  },
  'poll:vote': {
    hostOnly: false,
    schema: z.strictObject({
      ...room,
      pollId: id,
      choices: z
        .array(z.int({ error: 'a choice must be an option number' }).min(0).max(7), {
          error: 'choices must be a list',
        })
        .min(1, { error: 'choose at least one option' })
        .max(8),
    }),
  },
  'poll:close': { hostOnly: true, schema: z.strictObject({ ...room, pollId: id }) },
  'poll:reveal': { hostOnly: true, schema: z.strictObject({ ...room, pollId: id }) },
  'agenda:set': {
    hostOnly: true,
    schema: z.strictObject({
      ...room,
      segments: z
        .array(
          z.strictObject({
            title: text(80, 'a segment title'),
            minutes: z
              .int({ error: 'minutes must be a whole number' })
              .min(1, { error: 'a segment lasts at least a minute' })
              .max(240, { error: 'a segment lasts at most 240 minutes' }),
          }),
          { error: 'segments must be a list' },
        )
        .min(1, { error: 'an agenda needs at least one segment' })
        .max(20, { error: 'an agenda can have at most 20 segments' }),
    }),
  },
  'timer:start': { hostOnly: true, schema: z.strictObject(room) },
  'timer:pause': { hostOnly: true, schema: z.strictObject(room) },
  'timer:next': { hostOnly: true, schema: z.strictObject(room) },
  'timer:extend': {
    hostOnly: true,
    schema: z.strictObject({
      ...room,
      minutes: z
        .int({ error: 'minutes must be a whole number' })
        .min(1, { error: 'extend by at least a minute' })
        .max(60, { error: 'extend by at most 60 minutes' }),
    }),
  },
  'breakout:suggest': { hostOnly: true, schema: z.strictObject(room) },
  'breakout:start': {
    hostOnly: true,
    schema: z.strictObject({
      ...room,
      minutes: z
        .int({ error: 'minutes must be a whole number' })
        .min(1, { error: 'a breakout lasts at least a minute' })
        .max(120, { error: 'a breakout lasts at most 120 minutes' }),
      groups: z
        .array(z.array(id).min(1, { error: 'a group cannot be empty' }).max(10), {
          error: 'groups must be lists of people',
        })
        .min(1)
        .max(50)
        .optional(),
    }),
  },
  'breakout:end': { hostOnly: true, schema: z.strictObject(room) },
  'spotlight:set': {
    hostOnly: true,
    schema: z.strictObject({ ...room, target: SpotlightTargetSchema }),
  },
  'spotlight:clear': { hostOnly: true, schema: z.strictObject(room) },
} as const;

export type LiveCommandName = keyof typeof liveCommands;
/** what a client sends (before trimming and defaults) */
export type LiveCommandPayload<N extends LiveCommandName> = z.input<
  (typeof liveCommands)[N]['schema']
>;
export type LiveCommandInput<N extends LiveCommandName> = z.infer<
  (typeof liveCommands)[N]['schema']
>;

export function isLiveCommandName(name: string): name is LiveCommandName {
  return Object.hasOwn(liveCommands, name);
}

export type LiveCommandOutcome =
  { data: unknown; envelopes: LiveEventEnvelope[] } | { error: string; envelopes?: undefined };

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'That request is not valid.';
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.join(', ')}`;
  const field = issue.path.filter((part) => typeof part === 'string').at(-1);
  if (issue.code === 'invalid_type' && issue.input === undefined && field) {
    return `${field} is missing`;
  }
  return issue.message;
}

type Decision = { events: NewLiveEvent[]; data?: unknown } | { error: string };

/** A command with its payload parsed: what a handler receives and runLiveCommand runs. */
export type ParsedLiveCommand = {
  [N in LiveCommandName]: { command: N; input: LiveCommandInput<N> };
}[LiveCommandName];

/** Parses a command's payload, once: the parsed command, or the first thing wrong with it. */
export function parseLiveCommand(
  command: string,
  payload: unknown,
): ParsedLiveCommand | { error: string } {
  if (!isLiveCommandName(command)) return { error: 'unknown command' };
  const parsed = liveCommands[command].schema.safeParse(payload);
  if (!parsed.success) return { error: firstIssue(parsed.error) };
  return { command, input: parsed.data } as ParsedLiveCommand;
}

/** whether this command is one only a host (facilitator, coach or org admin) may send */
export function isHostOnly(command: LiveCommandName): boolean {
  return liveCommands[command].hostOnly;
}

/**
 * Runs one parsed command in a live room for a member whose access was checked when they
 * joined (or, from a page, just now): a participant sending a host-only command is refused and
 * audit-logged. A message to the whole room is appended in one statement, since nothing about
 * the room decides it; every other command locks the room's counter, decides from its state
 * and appends, storing a snapshot every few state events. Changes nothing on any error. The
 * caller broadcasts `envelopes` (see publishLiveEvents) once this has returned.
 */
export async function runLiveCommand(
  db: Executor,
  input: {
    access: LiveRoomAccess;
    command: ParsedLiveCommand;
    /** who is in the room right now, for breakout suggestions; all participants when unknown */
    presentUserIds?: readonly string[];
  },
): Promise<LiveCommandOutcome> {
  const { access } = input;
  const { command, input: payload } = input.command;
  if (isHostOnly(command) && !access.isHost) {
    await refuse(db, access, command);
    return { error: 'Only the host can do that.' };
  }
  if (command === 'chat:send' && !payload.groupId) {
    const envelopes = await appendLiveEvents(db, {
      coachingSessionId: access.coachingSessionId,
      actorId: access.user.id,
      events: [roomMessage(access, payload.text, null, null)],
    });
    return { data: { seq: envelopes.at(-1)?.seq }, envelopes };
  }
  if (command === 'breakout:suggest') {
    const groups = await suggestBreakoutGroups(db, {
      cohortId: access.cohortId,
      presentUserIds: input.presentUserIds ?? (await allParticipantIds(db, access.cohortId)),
    });
    return { data: { groups }, envelopes: [] };
  }

  return withTransaction(db, async (trx) => {
    let spotlight: Awaited<ReturnType<typeof resolveSpotlight>> | null = null;
    if (command === 'spotlight:set') {
      spotlight = await resolveSpotlight(trx, {
        cohortId: access.cohortId,
        target: payload.target,
      });
      if ('error' in spotlight) return { error: spotlight.error };
    }
    const { state, pending } = await lockLiveRoom(trx, access.coachingSessionId);
    const decision = await decide(trx, {
      access,
      state,
      command: input.command,
      presentUserIds: input.presentUserIds,
      spotlight,
    });
    if ('error' in decision) return { error: decision.error };
    const envelopes = await appendLiveEvents(trx, {
      coachingSessionId: access.coachingSessionId,
      actorId: access.user.id,
      events: decision.events,
    });
    const stateEvents = envelopes.filter((event) => !event.type.startsWith('chat:')).length;
    if (stateEvents > 0 && pending + stateEvents >= SNAPSHOT_EVERY) {
      await storeLiveSnapshot(trx, {
        coachingSessionId: access.coachingSessionId,
        state: foldLiveEvents(state, envelopes),
      });
    }
    return { data: decision.data ?? { seq: envelopes.at(-1)?.seq ?? state.seq }, envelopes };
  });
}

function roomMessage(
  access: LiveRoomAccess,
  text: string,
  groupId: string | null,
  visibleTo: string[] | null,
): NewLiveEvent {
  const me = access.user;
  return {
    type: 'chat:posted',
    // a group's chat reaches its members and the hosts only
    payload: { id: randomUUID(), authorId: me.id, authorName: me.name, text, groupId, visibleTo },
  };
}

async function decide(
  db: Executor,
  input: {
    access: LiveRoomAccess;
    state: LiveState;
    command: ParsedLiveCommand;
    presentUserIds?: readonly string[];
    spotlight: Awaited<ReturnType<typeof resolveSpotlight>> | null;
  },
): Promise<Decision> {
  const { access, state } = input;
  const me = access.user;
  const now = Date.now();
  const { command, input: payload } = input.command;
  switch (command) {
    case 'hand:raise':
      if (state.hands.some((hand) => hand.userId === me.id)) return { events: [] };
      return { events: [{ type: 'hand:raised', payload: { userId: me.id, name: me.name } }] };

    case 'hand:lower': {
      const userId = payload.userId ?? me.id;
      if (userId !== me.id && !access.isHost) {
        await refuse(db, access, command);
        return { error: 'Only the host can lower someone else’s hand.' };
      }
      if (!state.hands.some((hand) => hand.userId === userId)) {
        return userId === me.id ? { events: [] } : { error: 'That hand is not raised.' };
      }
      return { events: [{ type: 'hand:lowered', payload: { userId, by: me.id } }] };
    }

    case 'hand:next': {
      const first = state.hands[0];
      if (!first) return { error: 'No hands are raised.' };
      return {
        events: [
          { type: 'hand:lowered', payload: { userId: first.userId, by: me.id, calledOn: true } },
        ],
        data: { calledOn: { userId: first.userId, name: first.name } },
      };
    }

    case 'chat:send': {
      const groupId = payload.groupId ?? null;
      let visibleTo: string[] | null = null;
      if (groupId) {
        const breakout = isBreakoutActive(state.breakout, now) ? state.breakout : null;
        const group = breakout?.groups.find((candidate) => candidate.id === groupId);
        if (!group) return { error: 'That breakout group is not meeting now.' };
        visibleTo = group.members.map((member) => member.userId);
        if (!access.isHost && groupOf(breakout, me.id)?.id !== groupId) {
          return { error: 'You can only write to your own breakout group.' };
        }
      }
      return { events: [roomMessage(access, payload.text, groupId, visibleTo)] };
    }

    case 'chat:remove': {
      const message = await findLiveChatMessage(db, {
        coachingSessionId: access.coachingSessionId,
        messageId: payload.messageId,
      });
      if (!message) return { error: 'That message is not in this room.' };
      if (message.removed) return { events: [] };
      return { events: [{ type: 'chat:removed', payload: { id: payload.messageId } }] };
    }

    case 'poll:open': {
      const { question, options, multiple, competencyId } = payload;
      let competency: { id: string; title: string } | null = null;
      if (competencyId) {
        const row = await db
          .selectFrom('competency')
          .select(['id', 'title'])
          .where('id', '=', competencyId)
          .where('program_id', '=', access.programId)
          .executeTakeFirst();
        if (!row) return { error: 'That competency is not part of this cohort’s program.' };
        competency = row;
      }
      if (state.polls.some((poll) => poll.status === 'open')) {
        return { error: 'Close the open poll before starting another.' };
      }
      const pollId = randomUUID();
      return {
        events: [
          {
            type: 'poll:opened',
            payload: { id: pollId, question, options, multiple, competency },
          },
        ],
        data: { pollId },
      };
    }

    case 'poll:vote': {
      const { pollId, choices } = payload;
      const poll = state.polls.find((candidate) => candidate.id === pollId);
      if (!poll) return { error: 'That poll is not in this room.' };
      if (poll.status !== 'open') return { error: 'This poll is closed.' };
      if (access.isHost) return { error: 'Hosts run the poll; participants vote.' };
      const unique = [...new Set(choices)].sort((a, b) => a - b);
      if (unique.some((choice) => choice >= poll.options.length)) {
        return { error: 'That option is not in this poll.' };
      }
      if (!poll.multiple && unique.length !== 1) return { error: 'Choose one option.' };
      const ballots = { ...(poll.ballots ?? {}), [me.id]: unique };
      const counts = poll.options.map(
        (_, index) => Object.values(ballots).filter((ballot) => ballot.includes(index)).length,
      );
      return {
        events: [
          {
            type: 'poll:voted',
            payload: {
              pollId,
              voterId: me.id,
              choices: unique,
              counts,
              totalVotes: Object.keys(ballots).length,
              revealed: poll.revealed,
            },
          },
        ],
        data: { pollId, choices: unique },
      };
    }

    case 'poll:close':
    case 'poll:reveal': {
      const poll = state.polls.find((candidate) => candidate.id === payload.pollId);
      if (!poll) return { error: 'That poll is not in this room.' };
      if (command === 'poll:close' && poll.status === 'closed') return { events: [] };
      if (command === 'poll:reveal' && poll.revealed) return { events: [] };
      return {
        events: [
          {
            type: command === 'poll:close' ? 'poll:closed' : 'poll:revealed',
            payload: { pollId: poll.id, counts: poll.counts, totalVotes: poll.totalVotes },
          },
        ],
      };
    }

    case 'agenda:set': {
      const { segments } = payload;
      return {
        events: [
          {
            type: 'agenda:set',
            payload: { segments: segments.map((segment) => ({ id: randomUUID(), ...segment })) },
          },
        ],
      };
    }

    case 'timer:start':
      if (state.timer.agenda.length === 0) return { error: 'Set an agenda first.' };
      if (state.timer.current >= state.timer.agenda.length) {
        return { error: 'The agenda is finished; set a new one.' };
      }
      if (state.timer.runningSince) return { events: [] };
      return { events: [{ type: 'timer:started', payload: {} }] };

    case 'timer:pause':
      if (!state.timer.runningSince) return { events: [] };
      return { events: [{ type: 'timer:paused', payload: {} }] };

    case 'timer:extend':
      if (state.timer.current < 0 || state.timer.current >= state.timer.agenda.length) {
        return { error: 'Start the agenda first.' };
      }
      return { events: [{ type: 'timer:extended', payload: { minutes: payload.minutes } }] };

    case 'timer:next':
      if (state.timer.agenda.length === 0) return { error: 'Set an agenda first.' };
      if (state.timer.current >= state.timer.agenda.length) {
        return { error: 'The agenda is finished.' };
      }
      return { events: [{ type: 'timer:advanced', payload: {} }] };

    case 'breakout:suggest': {
      const groups = await suggestBreakoutGroups(db, {
        cohortId: access.cohortId,
        presentUserIds: input.presentUserIds ?? (await allParticipantIds(db, access.cohortId)),
      });
      return { events: [], data: { groups } };
    }

    case 'breakout:start': {
      if (isBreakoutActive(state.breakout, now)) return { error: 'Breakouts are already on.' };
      const { minutes, groups: requested } = payload;
      let groups: Person[][];
      if (requested) {
        const candidates = new Map(
          (await listBreakoutCandidates(db, { cohortId: access.cohortId })).map((row) => [
            row.userId,
            row.name,
          ]),
        );
        const seen = new Set<string>();
        groups = [];
        for (const group of requested) {
          const people: Person[] = [];
          for (const userId of group) {
            const name = candidates.get(userId);
            if (name === undefined)
              return { error: 'Everyone in a group must be a participant of this cohort.' };
            if (seen.has(userId)) return { error: 'A person can be in only one group.' };
            seen.add(userId);
            people.push({ userId, name });
          }
          groups.push(people);
        }
      } else {
        groups = await suggestBreakoutGroups(db, {
          cohortId: access.cohortId,
          presentUserIds: input.presentUserIds ?? (await allParticipantIds(db, access.cohortId)),
        });
      }
      if (groups.length === 0) return { error: 'There is no one to split into groups.' };
      const breakoutId = randomUUID();
      return {
        events: [
          {
            type: 'breakout:started',
            payload: {
              id: breakoutId,
              groups: groups.map((members) => ({ id: randomUUID(), members })),
              endsAt: new Date(now + minutes * 60_000).toISOString(),
            },
          },
        ],
        data: { breakoutId },
      };
    }

    case 'breakout:end':
      if (!isBreakoutActive(state.breakout, now)) return { error: 'No breakout is on.' };
      return { events: [{ type: 'breakout:ended', payload: { id: state.breakout.id } }] };

    case 'spotlight:set': {
      const resolved = input.spotlight;
      if (!resolved || 'error' in resolved) return { error: resolved?.error ?? 'Nothing to show.' };
      return { events: [{ type: 'spotlight:set', payload: { content: resolved.content } }] };
    }

    case 'spotlight:clear':
      if (!state.spotlight) return { events: [] };
      return { events: [{ type: 'spotlight:cleared', payload: {} }] };
  }
}

async function refuse(db: Executor, access: LiveRoomAccess, command: string) {
  await recordAudit(db, {
    organizationId: access.organizationId,
    actorId: access.user.id,
    action: 'live.command_refused',
    targetType: 'coaching_session',
    targetId: access.coachingSessionId,
    after: { command },
  });
}

async function allParticipantIds(db: Executor, cohortId: string) {
  return (await listBreakoutCandidates(db, { cohortId })).map((row) => row.userId);
}

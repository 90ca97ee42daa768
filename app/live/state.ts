/**
 * The live room's state and the one reducer that folds its events into it. The server runs
 * it when appending (and stores the result), the browser runs it on every event it receives,
 * so a reload, a replay and a running screen all arrive at the same state. No zod here:
 * the browser imports this module.
 */

export type SpotlightTarget =
  { kind: 'resource'; moduleId: string } | { kind: 'action-plan'; planId: string };

export interface SpotlightContent {
  target: SpotlightTarget;
  title: string;
  /** who the content belongs to, e.g. the participant sharing an action plan */
  ownerName: string | null;
  /** Markdown, rendered without raw HTML */
  body: string;
}

export interface RaisedHand {
  userId: string;
  name: string;
  raisedAt: string;
}

export interface ChatMessage {
  id: string;
  seq: number;
  authorId: string;
  authorName: string;
  text: string;
  at: string;
  /** a breakout group's own chat, or null for the whole room */
  groupId: string | null;
  removed: boolean;
}

export interface Poll {
  id: string;
  question: string;
  options: string[];
  multiple: boolean;
  competency: { id: string; title: string } | null;
  status: 'open' | 'closed';
  /** shown to everyone; until then only hosts see the bars */
  revealed: boolean;
  /** votes per option; null when this viewer may not see them yet */
  counts: number[] | null;
  totalVotes: number;
  /** this viewer's own choices (projected views only) */
  myChoices?: number[];
  /** every voter's choices; kept on the server, never sent to a browser */
  ballots?: Record<string, number[]>;
}

export interface AgendaSegment {
  id: string;
  title: string;
  minutes: number;
}

/** A countdown as start time + duration: every screen computes the same remaining time. */
export interface LiveTimer {
  agenda: AgendaSegment[];
  /** index into the agenda; -1 before the first start */
  current: number;
  /** the current segment's length, extensions included */
  durationMs: number;
  /** time already run before the last pause */
  elapsedMs: number;
  /** when it last started running; null while paused or stopped */
  runningSince: string | null;
}

export interface BreakoutGroup {
  id: string;
  members: { userId: string; name: string }[];
}

export interface Breakout {
  id: string;
  groups: BreakoutGroup[];
  startedAt: string;
  endsAt: string;
  /** set when the host ended it early */
  endedAt: string | null;
}

/** the last person the host called on from the raised hands */
export interface CalledOn {
  userId: string;
  name: string;
  at: string;
}

export interface LiveState {
  seq: number;
  hands: RaisedHand[];
  /** absent in states saved before it existed: read it as null */
  calledOn?: CalledOn | null;
  chat: ChatMessage[];
  polls: Poll[];
  timer: LiveTimer;
  breakout: Breakout | null;
  spotlight: SpotlightContent | null;
}

export interface LiveEventEnvelope {
  coachingSessionId: string;
  seq: number;
  type: LiveEventType;
  at: string;
  actorId: string | null;
  payload: Record<string, unknown>;
}

export const liveEventTypes = [
  'hand:raised',
  'hand:lowered',
  'chat:posted',
  'chat:removed',
  'poll:opened',
  'poll:voted',
  'poll:closed',
  'poll:revealed',
  'agenda:set',
  'timer:started',
  'timer:paused',
  'timer:extended',
  'timer:advanced',
  'breakout:started',
  'breakout:ended',
  'spotlight:set',
  'spotlight:cleared',
  // what a viewer receives in place of an event meant for others (another group's chat)
  'private',
] as const;
export type LiveEventType = (typeof liveEventTypes)[number];

export function emptyLiveState(): LiveState {
  return {
    seq: 0,
    hands: [],
    calledOn: null,
    chat: [],
    polls: [],
    timer: { agenda: [], current: -1, durationMs: 0, elapsedMs: 0, runningSince: null },
    breakout: null,
    spotlight: null,
  };
}

/** Milliseconds left on the countdown at `now` (negative once overrun). */
export function remainingMs(timer: LiveTimer, now: number): number {
  const running = timer.runningSince ? now - Date.parse(timer.runningSince) : 0;
  return timer.durationMs - timer.elapsedMs - running;
}

/** Whether the breakout is still on at `now`: not ended by the host and not out of time. */
export function isBreakoutActive(breakout: Breakout | null, now: number): breakout is Breakout {
  return breakout !== null && breakout.endedAt === null && now < Date.parse(breakout.endsAt);
}

export function groupOf(breakout: Breakout | null, userId: string): BreakoutGroup | null {
  return breakout?.groups.find((group) => group.members.some((m) => m.userId === userId)) ?? null;
}

function replacePoll(state: LiveState, pollId: string, change: (poll: Poll) => Poll): Poll[] {
  return state.polls.map((poll) => (poll.id === pollId ? change(poll) : poll));
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function counts(value: unknown): number[] | null {
  return Array.isArray(value) ? value.map(Number) : null;
}

/**
 * Folds one event into the state. Pure; ignores an event that does not follow the last
 * one applied (`seq` must be exactly the next), so replays and duplicates are harmless.
 */
export function applyLiveEvent(state: LiveState, event: LiveEventEnvelope): LiveState {
  if (event.seq !== state.seq + 1) return state;
  const next: LiveState = { ...state, seq: event.seq };
  const p = event.payload;
  switch (event.type) {
    case 'hand:raised': {
      if (state.hands.some((hand) => hand.userId === p.userId)) return next;
      return {
        ...next,
        hands: [...state.hands, { userId: str(p.userId), name: str(p.name), raisedAt: event.at }],
      };
    }
    case 'hand:lowered': {
      const hand = state.hands.find((candidate) => candidate.userId === p.userId);
      return {
        ...next,
        hands: state.hands.filter((candidate) => candidate.userId !== p.userId),
        // "call on the next hand" lowers it with calledOn, so the person called is told
        calledOn:
          p.calledOn === true && hand
            ? { userId: hand.userId, name: hand.name, at: event.at }
            : (state.calledOn ?? null),
      };
    }
    case 'chat:posted':
      return {
        ...next,
        chat: [
          ...state.chat,
          {
            id: str(p.id),
            seq: event.seq,
            authorId: str(p.authorId),
            authorName: str(p.authorName),
            text: str(p.text),
            at: event.at,
            groupId: typeof p.groupId === 'string' ? p.groupId : null,
            removed: false,
          },
        ],
      };
    case 'chat:removed':
      return {
        ...next,
        chat: state.chat.map((message) =>
          message.id === p.id ? { ...message, text: '', removed: true } : message,
        ),
      };
    case 'poll:opened': {
      const options = Array.isArray(p.options) ? p.options.map(String) : [];
      const competency = p.competency as Poll['competency'];
      return {
        ...next,
        polls: [
          ...state.polls,
          {
            id: str(p.id),
            question: str(p.question),
            options,
            multiple: p.multiple === true,
            competency: competency ?? null,
            status: 'open',
            revealed: false,
            counts: options.map(() => 0),
            totalVotes: 0,
          },
        ],
      };
    }
    case 'poll:voted':
      return {
        ...next,
        polls: replacePoll(state, str(p.pollId), (poll) => {
          const updated: Poll = {
            ...poll,
            counts: counts(p.counts) ?? (poll.revealed ? poll.counts : null),
            totalVotes: Number(p.totalVotes ?? poll.totalVotes),
          };
          // only the server's copy of the event names the voter
          if (typeof p.voterId === 'string' && Array.isArray(p.choices)) {
            updated.ballots = { ...poll.ballots, [p.voterId]: p.choices.map(Number) };
          }
          return updated;
        }),
      };
    case 'poll:closed':
    case 'poll:revealed':
      return {
        ...next,
        polls: replacePoll(state, str(p.pollId), (poll) => ({
          ...poll,
          status: event.type === 'poll:closed' ? 'closed' : poll.status,
          revealed: event.type === 'poll:revealed' ? true : poll.revealed,
          counts: counts(p.counts) ?? poll.counts,
          totalVotes: Number(p.totalVotes ?? poll.totalVotes),
        })),
      };
    case 'agenda:set': {
      const agenda = (Array.isArray(p.segments) ? p.segments : []) as AgendaSegment[];
      return {
        ...next,
        timer: { agenda, current: -1, durationMs: 0, elapsedMs: 0, runningSince: null },
      };
    }
    case 'timer:started': {
      const timer = state.timer;
      if (timer.current === -1) {
        const first = timer.agenda[0];
        if (!first) return next;
        return {
          ...next,
          timer: {
            ...timer,
            current: 0,
            durationMs: first.minutes * 60_000,
            elapsedMs: 0,
            runningSince: event.at,
          },
        };
      }
      return { ...next, timer: { ...timer, runningSince: timer.runningSince ?? event.at } };
    }
    case 'timer:paused': {
      const timer = state.timer;
      if (!timer.runningSince) return next;
      const ran = Date.parse(event.at) - Date.parse(timer.runningSince);
      return {
        ...next,
        timer: { ...timer, elapsedMs: timer.elapsedMs + Math.max(0, ran), runningSince: null },
      };
    }
    case 'timer:extended':
      return {
        ...next,
        timer: {
          ...state.timer,
          durationMs: state.timer.durationMs + Number(p.minutes ?? 0) * 60_000,
        },
      };
    case 'timer:advanced': {
      const index = state.timer.current + 1;
      const segment = state.timer.agenda[index];
      if (!segment) {
        // past the last segment: the agenda is done
        return {
          ...next,
          timer: {
            ...state.timer,
            current: state.timer.agenda.length,
            durationMs: 0,
            elapsedMs: 0,
            runningSince: null,
          },
        };
      }
      return {
        ...next,
        timer: {
          ...state.timer,
          current: index,
          durationMs: segment.minutes * 60_000,
          elapsedMs: 0,
          runningSince: event.at,
        },
      };
    }
    case 'breakout:started':
      return {
        ...next,
        breakout: {
          id: str(p.id),
          groups: (p.groups ?? []) as BreakoutGroup[],
          startedAt: event.at,
          endsAt: str(p.endsAt),
          endedAt: null,
        },
      };
    case 'breakout:ended':
      if (!state.breakout || state.breakout.id !== p.id) return next;
      return { ...next, breakout: { ...state.breakout, endedAt: event.at } };
    case 'spotlight:set':
      return { ...next, spotlight: (p.content as SpotlightContent) ?? null };
    case 'spotlight:cleared':
      return { ...next, spotlight: null };
    case 'private':
      return next;
  }
}

export interface LiveViewer {
  userId: string;
  isHost: boolean;
}

/** What one person may see of the state: no ballots, hidden tallies, only their group's chat. */
export function projectLiveState(state: LiveState, viewer: LiveViewer): LiveState {
  const myGroups = new Set(
    (state.breakout?.groups ?? [])
      .filter((group) => group.members.some((member) => member.userId === viewer.userId))
      .map((group) => group.id),
  );
  return {
    ...state,
    chat: state.chat.filter(
      (message) => message.groupId === null || viewer.isHost || myGroups.has(message.groupId),
    ),
    polls: state.polls.map(({ ballots, ...poll }) => ({
      ...poll,
      counts: viewer.isHost || poll.revealed ? poll.counts : null,
      myChoices: ballots?.[viewer.userId] ?? [],
    })),
  };
}

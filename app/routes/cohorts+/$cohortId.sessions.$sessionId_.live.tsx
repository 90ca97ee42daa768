import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Markdown } from '~/components/markdown';
import { Linkified } from '~/live/linkify';
import { getLiveRoomChoices } from '~/live/page.server';
import {
  type CalledOn,
  groupOf,
  isBreakoutActive,
  remainingMs,
  type Breakout,
  type LiveState,
  type Poll,
} from '~/live/state';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import { may } from '~/permissions/policy';
import { useLiveRoom, type LiveCommand } from '~/realtime/use-live-room';
import { ensureRegistrant, getCoachingSession } from '~/sessions/coaching-sessions.server';
import { zoomClientFor } from '~/sessions/session-actions.server';
import { ZoomMeetingEmbed } from '~/sessions/zoom-meeting-embed';
import { IntegrationsHint } from '~/components/integrations-link';
import { zoomStatus } from '~/zoom/config.server';
import type { Ack, LiveRoomMember } from '../../../realtime/events';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Live room: ${data.session.title} · Cadre` : 'Live room · Cadre' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, cohort, role } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'view',
  );
  const session = await getCoachingSession(context.db, {
    cohortId: cohort.id,
    coachingSessionId: params.sessionId,
  });
  if (!session || session.status === 'cancelled') {
    notFound('This coaching session has no live room: it does not exist or was cancelled.');
  }
  const isHost = may(role, 'host');
  // a participant's own registrant link, so even the plain Zoom link knows who they are
  const ownLink = may(role, 'participate')
    ? await ensureRegistrant(context.db, { session, user, zoom: zoomClientFor(context) })
    : null;
  return {
    cohortId: cohort.id,
    session: { id: session.id, title: session.title },
    meeting: {
      number: session.meetingNumber,
      passcode: session.passcode,
      joinUrl: ownLink ?? session.joinUrl,
      personalLink: ownLink !== null,
      embedded: zoomStatus(context.env).meetingSdk && session.meetingNumber !== null,
      startsHere: session.hostId === user.id,
    },
    isHost,
    choices: isHost
      ? await getLiveRoomChoices(context.db, { cohortId: cohort.id })
      : { modules: [], competencies: [] },
  };
}

type Send = (command: LiveCommand, payload?: Record<string, unknown>) => Promise<Ack<unknown>>;

const roleNames: Record<LiveRoomMember['role'], string> = {
  facilitator: 'Facilitator',
  coach: 'Coach',
  participant: 'Participant',
  'org-admin': 'Admin',
};

function useNow(offset: number) {
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    setNow(Date.now() + offset);
    const timer = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(timer);
  }, [offset]);
  return now;
}

function clock(ms: number) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

export default function LiveRoomPage() {
  const { cohortId, session, meeting, isHost, choices } = useLoaderData<typeof loader>();
  const meetingPanel = (
    <MeetingPanel cohortId={cohortId} sessionId={session.id} meeting={meeting} />
  );
  const room = useLiveRoom(session.id);
  const now = useNow(room.clockOffset);
  const [problem, setProblem] = useState<string | null>(null);

  const send: Send = async (command, payload) => {
    const result = await room.send(command, payload);
    setProblem('error' in result ? result.error : null);
    return result;
  };

  const statusText = {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Reconnecting… nothing is lost; the room catches up when the line is back.',
    'signed-out': 'Signed out: sign in again to rejoin.',
    refused: 'You cannot join this room.',
  }[room.status];

  return (
    <div className="stack live-room">
      <section className="card" aria-labelledby="live-title">
        <div className="card__header">
          <h2 id="live-title">Live room: {session.title}</h2>
          <Link to={`/cohorts/${cohortId}/sessions/${session.id}`}>Back to the session</Link>
        </div>
        <p role="status" className={`connection connection--${room.status}`}>
          {statusText}
        </p>
        <p role="alert" className="field-error">
          {problem ?? ''}
        </p>
      </section>

      <CalledOnNotice
        calledOn={room.state.calledOn ?? null}
        userId={room.me?.userId ?? ''}
        isHost={isHost}
        now={now}
      />

      {isHost ? (
        <div className="live-room__grid">
          <div className="stack">
            {meetingPanel}
            <Spotlight state={room.state} isHost={isHost} modules={choices.modules} send={send} />
            <Timer state={room.state} isHost={isHost} now={now} send={send} />
            <Polls
              state={room.state}
              isHost={isHost}
              competencies={choices.competencies}
              send={send}
            />
            <Breakouts
              state={room.state}
              isHost={isHost}
              now={now}
              userId={room.me?.userId ?? ''}
              send={send}
            />
          </div>
          <div className="stack">
            <HereNow here={room.here} />
            <Hands state={room.state} isHost={isHost} userId={room.me?.userId ?? ''} send={send} />
            <Chat
              title="Room chat"
              messages={room.state.chat.filter((message) => message.groupId === null)}
              isHost={isHost}
              send={send}
            />
          </div>
        </div>
      ) : (
        // a participant's own controls come first (on a phone, at the top); what the host has
        // not started yet folds into one line instead of three empty cards
        <div className="live-room__grid live-room__grid--participant">
          <div className="stack">
            <Hands state={room.state} isHost={false} userId={room.me?.userId ?? ''} send={send} />
            <Chat
              title="Room chat"
              messages={room.state.chat.filter((message) => message.groupId === null)}
              isHost={false}
              send={send}
            />
          </div>
          <div className="stack">
            {meetingPanel}
            <Spotlight state={room.state} isHost={false} modules={choices.modules} send={send} />
            {room.state.timer.agenda.length > 0 ? (
              <Timer state={room.state} isHost={false} now={now} send={send} />
            ) : null}
            {room.state.polls.length > 0 ? (
              <Polls
                state={room.state}
                isHost={false}
                competencies={choices.competencies}
                send={send}
              />
            ) : null}
            {isBreakoutActive(room.state.breakout, now) ? (
              <Breakouts
                state={room.state}
                isHost={false}
                now={now}
                userId={room.me?.userId ?? ''}
                send={send}
              />
            ) : null}
            <NotStartedYet state={room.state} now={now} />
            <HereNow here={room.here} />
          </div>
        </div>
      )}
    </div>
  );
}

interface MeetingInfo {
  number: string | null;
  passcode: string | null;
  joinUrl: string | null;
  personalLink: boolean;
  embedded: boolean;
  startsHere: boolean;
}

function formatMeetingNumber(number: string) {
  return number.replace(/(\d{3})(\d{3,4})(\d{4})$/, '$1 $2 $3');
}

/**
 * The one place to meet: the Zoom meeting inside the room when the Meeting SDK is set up,
 * otherwise a plain "Open Zoom" link (the person's own registrant link when they have one).
 */
function MeetingPanel({
  cohortId,
  sessionId,
  meeting,
}: {
  cohortId: string;
  sessionId: string;
  meeting: MeetingInfo;
}) {
  const hasMeeting = meeting.number !== null || meeting.joinUrl !== null;
  return (
    <section className="card live-meeting" aria-labelledby="meeting-title">
      <h2 id="meeting-title">Zoom meeting</h2>
      {!hasMeeting ? (
        <p className="muted">
          The host has not added the Zoom meeting yet. It appears here once they do.
        </p>
      ) : meeting.embedded ? (
        <ZoomMeetingEmbed
          cohortId={cohortId}
          coachingSessionId={sessionId}
          joinLabel={meeting.startsHere ? 'Start the meeting here' : 'Join the meeting here'}
          fallbackUrl={meeting.joinUrl}
        />
      ) : (
        <>
          {meeting.joinUrl ? (
            <p>
              <a
                href={meeting.joinUrl}
                className="button button--primary"
                rel="noopener noreferrer"
                target="_blank"
              >
                Open Zoom<span className="sr-only"> (opens in a new tab)</span>
              </a>
              {meeting.personalLink ? (
                <span className="muted"> This link is yours alone; please do not share it.</span>
              ) : null}
            </p>
          ) : null}
          <p className="muted">
            The meeting opens in Zoom; keep this room open beside it for hands, chat and polls.
            <IntegrationsHint missing="Zoom inside Cadre" />
          </p>
        </>
      )}
      {meeting.number ? (
        <p className="muted">
          Meeting ID {formatMeetingNumber(meeting.number)}
          {meeting.passcode ? ` · Passcode ${meeting.passcode}` : ''}
        </p>
      ) : null}
    </section>
  );
}

/** how long "you were called on" stays up; the host moves on within a minute or two */
const CALLED_ON_SHOWN_MS = 3 * 60_000;

/** Tells the person called on, out loud for a screen reader, and the host whom they called. */
function CalledOnNotice({
  calledOn,
  userId,
  isHost,
  now,
}: {
  calledOn: CalledOn | null;
  userId: string;
  isHost: boolean;
  now: number;
}) {
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const fresh =
    calledOn !== null &&
    calledOn.at !== dismissedAt &&
    now - Date.parse(calledOn.at) < CALLED_ON_SHOWN_MS;
  const mine = fresh && calledOn.userId === userId;
  return (
    // always rendered, so the live region exists before its text arrives and is announced
    <div role="alert" className="called-on-region">
      {mine ? (
        <div className="alert alert--info called-on">
          <p>
            <strong>The host called on you.</strong> Unmute in the meeting and go ahead.
          </p>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => setDismissedAt(calledOn.at)}
          >
            Got it
          </button>
        </div>
      ) : fresh && isHost ? (
        <p className="muted">You called on {calledOn.name}.</p>
      ) : null}
    </div>
  );
}

function NotStartedYet({ state, now }: { state: LiveState; now: number }) {
  const waiting = [
    state.timer.agenda.length === 0 ? 'the agenda' : null,
    state.polls.length === 0 ? 'polls' : null,
    isBreakoutActive(state.breakout, now) ? null : 'breakouts',
  ].filter((item): item is string => item !== null);
  if (waiting.length === 0) return null;
  const list =
    waiting.length === 1
      ? waiting[0]
      : `${waiting.slice(0, -1).join(', ')} and ${waiting[waiting.length - 1]}`;
  return (
    <p className="card muted live-not-started">
      The host has not started {list} yet; they appear here when they do.
    </p>
  );
}

function HereNow({ here }: { here: LiveRoomMember[] }) {
  return (
    <section className="card" aria-labelledby="here-title">
      <h2 id="here-title">Here now ({here.length})</h2>
      <ul className="people-list" aria-live="polite">
        {here.map((member) => (
          <li key={member.userId}>
            <span className="presence-dot presence-dot--online" aria-hidden="true" />{' '}
            <span className="people-list__name">{member.name}</span>{' '}
            <span className="badge badge--role">{roleNames[member.role]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Hands({
  state,
  isHost,
  userId,
  send,
}: {
  state: LiveState;
  isHost: boolean;
  userId: string;
  send: Send;
}) {
  const mine = state.hands.some((hand) => hand.userId === userId);
  return (
    <section className="card" aria-labelledby="hands-title">
      <h2 id="hands-title">Raised hands</h2>
      {state.hands.length === 0 ? (
        <p className="muted">No hands are raised.</p>
      ) : (
        <ol aria-live="polite" className="live-list">
          {state.hands.map((hand) => (
            <li key={hand.userId}>
              {hand.name}
              {hand.userId === userId ? ' (you)' : ''}
              {isHost ? (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => void send('hand:lower', { userId: hand.userId })}
                >
                  Lower<span className="sr-only"> {hand.name}’s hand</span>
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <p className="actions-row">
        {isHost ? (
          <button
            type="button"
            className="button button--primary"
            disabled={state.hands.length === 0}
            onClick={() => void send('hand:next')}
          >
            Call on the next hand
          </button>
        ) : mine ? (
          <button type="button" className="button" onClick={() => void send('hand:lower')}>
            Lower my hand
          </button>
        ) : (
          <button
            type="button"
            className="button button--primary"
            onClick={() => void send('hand:raise')}
          >
            Raise my hand
          </button>
        )}
      </p>
    </section>
  );
}

function Chat({
  title,
  messages,
  isHost,
  groupId,
  send,
}: {
  title: string;
  messages: LiveState['chat'];
  isHost: boolean;
  groupId?: string;
  send: Send;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    const result = await send('chat:send', groupId ? { text, groupId } : { text });
    if ('data' in result) setText('');
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {/* focusable so a keyboard can scroll back through the messages */}
      <div
        className="live-chat"
        role="log"
        aria-live="polite"
        aria-label={`${title} messages`}
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
      >
        <ol className="live-chat__list">
          {messages.map((message) => (
            <li key={message.id}>
              <strong>{message.authorName}</strong>{' '}
              {message.removed ? (
                <em className="muted">removed by the host</em>
              ) : (
                <span className="live-chat__text">
                  <Linkified text={message.text} />
                </span>
              )}
              {isHost && !message.removed ? (
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => {
                    if (window.confirm(`Remove ${message.authorName}’s message for everyone?`)) {
                      void send('chat:remove', { messageId: message.id });
                    }
                  }}
                >
                  Remove<span className="sr-only"> {message.authorName}’s message</span>
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      </div>
      <form className="live-inline-form" onSubmit={(event) => void submit(event)}>
        <label htmlFor={`${id}-text`} className="sr-only">
          Message to {title.toLowerCase()}
        </label>
        <input
          type="text"
          id={`${id}-text`}
          value={text}
          maxLength={2000}
          onChange={(event) => setText(event.target.value)}
          placeholder="Write a message"
        />
        <button type="submit" className="button">
          Send
        </button>
      </form>
    </section>
  );
}

function Spotlight({
  state,
  isHost,
  modules,
  send,
}: {
  state: LiveState;
  isHost: boolean;
  modules: { id: string; title: string }[];
  send: Send;
}) {
  const [moduleId, setModuleId] = useState(modules[0]?.id ?? '');
  const spotlight = state.spotlight;
  return (
    <section className="card live-spotlight" aria-labelledby="spotlight-title">
      <h2 id="spotlight-title">Spotlight</h2>
      {spotlight ? (
        // focusable so a keyboard can scroll a long module
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <article aria-live="polite" aria-label={spotlight.title} tabIndex={0}>
          <h3>{spotlight.title}</h3>
          {spotlight.ownerName ? <p className="muted">Shared by {spotlight.ownerName}</p> : null}
          <Markdown source={spotlight.body} />
        </article>
      ) : (
        <p className="muted" aria-live="polite">
          Nothing is in the spotlight.
        </p>
      )}
      {isHost ? (
        <div className="actions-row">
          <label htmlFor="spotlight-module">Module to show</label>
          <select
            id="spotlight-module"
            value={moduleId}
            onChange={(event) => setModuleId(event.target.value)}
          >
            {modules.map((module) => (
              <option key={module.id} value={module.id}>
                {module.title}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--primary"
            disabled={!moduleId}
            onClick={() => void send('spotlight:set', { target: { kind: 'resource', moduleId } })}
          >
            Show to everyone
          </button>
          {spotlight ? (
            <button type="button" className="button" onClick={() => void send('spotlight:clear')}>
              Clear the spotlight
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function parseAgenda(text: string) {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(.*?)[\s:–-]*(\d+)\s*(?:min(?:utes?)?)?$/i.exec(part);
      return match
        ? { title: match[1]!.trim() || part, minutes: Number(match[2]) }
        : { title: part, minutes: 0 };
    });
}

function Timer({
  state,
  isHost,
  now,
  send,
}: {
  state: LiveState;
  isHost: boolean;
  now: number;
  send: Send;
}) {
  const { timer } = state;
  const [draft, setDraft] = useState('Check-in 5, Breakout 15, Share 10');
  const current = timer.agenda[timer.current];
  const left = remainingMs(timer, now);
  const finished = timer.agenda.length > 0 && timer.current >= timer.agenda.length;
  return (
    <section className="card" aria-labelledby="timer-title">
      <h2 id="timer-title">Agenda and timer</h2>
      {current ? (
        <p className="live-timer">
          <span className="live-timer__segment">{current.title}</span>{' '}
          <span className="live-timer__clock" aria-label={`Time left: ${clock(left)}`}>
            {left < 0 ? 'Time is up' : clock(left)}
          </span>
          {timer.runningSince ? null : <span className="badge badge--warn">Paused</span>}
        </p>
      ) : (
        <p className="muted">
          {finished ? 'The agenda is finished.' : 'The agenda has not started.'}
        </p>
      )}
      {timer.agenda.length > 0 ? (
        <ol className="live-list">
          {timer.agenda.map((segment, index) => (
            <li key={segment.id} aria-current={index === timer.current ? 'step' : undefined}>
              {index === timer.current ? <strong>{segment.title}</strong> : segment.title} ·{' '}
              {segment.minutes} min
            </li>
          ))}
        </ol>
      ) : null}
      {isHost ? (
        <>
          <div className="actions-row">
            <button
              type="button"
              className="button button--primary"
              disabled={timer.agenda.length === 0 || finished}
              onClick={() => void send(timer.runningSince ? 'timer:pause' : 'timer:start')}
            >
              {timer.runningSince ? 'Pause' : timer.current < 0 ? 'Start' : 'Resume'}
            </button>
            <button
              type="button"
              className="button"
              disabled={!current}
              onClick={() => void send('timer:extend', { minutes: 5 })}
            >
              Add 5 minutes
            </button>
            <button
              type="button"
              className="button"
              disabled={timer.agenda.length === 0 || finished}
              onClick={() => void send('timer:next')}
            >
              Next segment
            </button>
          </div>
          <form
            className="live-inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              void send('agenda:set', { segments: parseAgenda(draft) });
            }}
          >
            <label htmlFor="agenda-text">Agenda (title and minutes, separated by commas)</label>
            <input
              type="text"
              id="agenda-text"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
            />
            <button type="submit" className="button">
              Set the agenda
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}

function PollBars({ poll }: { poll: Poll }) {
  if (!poll.counts) {
    return (
      <p className="muted">
        {poll.totalVotes} {poll.totalVotes === 1 ? 'vote' : 'votes'} so far; the host shows the
        results.
      </p>
    );
  }
  const total = Math.max(1, poll.totalVotes);
  return (
    <ul className="poll-bars" aria-label={`Results: ${poll.question}`}>
      {poll.options.map((option, index) => {
        const count = poll.counts?.[index] ?? 0;
        const percent = Math.round((count / total) * 100);
        return (
          <li key={index}>
            <span>
              {option}: {count} {count === 1 ? 'vote' : 'votes'} ({percent}%)
            </span>
            <span className="poll-bars__track" aria-hidden="true">
              <span className="poll-bars__bar" style={{ width: `${percent}%` }} />
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function PollCard({ poll, isHost, send }: { poll: Poll; isHost: boolean; send: Send }) {
  const id = useId();
  const [choices, setChoices] = useState<number[]>(poll.myChoices ?? []);
  const [voted, setVoted] = useState<number[]>(poll.myChoices ?? []);
  const open = poll.status === 'open';
  return (
    <article className="live-poll" aria-labelledby={`${id}-q`}>
      <h3 id={`${id}-q`}>{poll.question}</h3>
      {poll.competency ? <p className="muted">Competency: {poll.competency.title}</p> : null}
      <p className="muted">{open ? 'Open' : 'Closed'}</p>
      {!isHost && open ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void send('poll:vote', { pollId: poll.id, choices }).then((result) => {
              if ('data' in result) setVoted(choices);
            });
          }}
        >
          <fieldset className="choices">
            <legend className="sr-only">{poll.question}</legend>
            {poll.options.map((option, index) => (
              <label key={index} className="choice">
                <input
                  type={poll.multiple ? 'checkbox' : 'radio'}
                  name={`poll-${poll.id}`}
                  checked={choices.includes(index)}
                  onChange={(event) =>
                    setChoices(
                      poll.multiple
                        ? event.target.checked
                          ? [...choices, index]
                          : choices.filter((choice) => choice !== index)
                        : [index],
                    )
                  }
                />{' '}
                {option}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="button button--primary" disabled={!choices.length}>
            {voted.length ? 'Change my vote' : 'Vote'}
          </button>
          {voted.length ? (
            <span className="muted">
              {' '}
              You voted: {voted.map((i) => poll.options[i]).join(', ')}
            </span>
          ) : null}
        </form>
      ) : null}
      <div aria-live="polite">
        <PollBars poll={poll} />
      </div>
      {isHost ? (
        <p className="actions-row">
          {open ? (
            <button
              type="button"
              className="button"
              onClick={() => void send('poll:close', { pollId: poll.id })}
            >
              Close the poll
            </button>
          ) : null}
          {!poll.revealed ? (
            <button
              type="button"
              className="button"
              onClick={() => void send('poll:reveal', { pollId: poll.id })}
            >
              Show results to everyone
            </button>
          ) : (
            <span className="muted">Results are shown to everyone.</span>
          )}
        </p>
      ) : null}
    </article>
  );
}

function Polls({
  state,
  isHost,
  competencies,
  send,
}: {
  state: LiveState;
  isHost: boolean;
  competencies: { id: string; code: string; title: string }[];
  send: Send;
}) {
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [multiple, setMultiple] = useState(false);
  const [competencyId, setCompetencyId] = useState('');
  const latest = [...state.polls].reverse().slice(0, 3);
  const canOpen = !state.polls.some((poll) => poll.status === 'open');
  return (
    <section className="card" aria-labelledby="polls-title">
      <h2 id="polls-title">Polls</h2>
      {latest.length === 0 ? <p className="muted">No polls yet.</p> : null}
      {latest.map((poll) => (
        <PollCard key={poll.id} poll={poll} isHost={isHost} send={send} />
      ))}
      {isHost && canOpen ? (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            void send('poll:open', {
              question,
              options: options
                .split('\n')
                .map((option) => option.trim())
                .filter(Boolean),
              multiple,
              competencyId: competencyId || null,
            }).then((result) => {
              if ('data' in result) {
                setQuestion('');
                setOptions('');
              }
            });
          }}
        >
          <h3>Open a poll</h3>
          <div className="field">
            <label htmlFor="poll-question">Question</label>
            <input
              type="text"
              id="poll-question"
              value={question}
              maxLength={300}
              onChange={(e) => setQuestion(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="poll-options">Options, one per line</label>
            <textarea
              id="poll-options"
              rows={3}
              value={options}
              onChange={(e) => setOptions(e.target.value)}
            />
          </div>
          <label className="choice">
            <input
              type="checkbox"
              checked={multiple}
              onChange={(e) => setMultiple(e.target.checked)}
            />{' '}
            People may choose more than one
          </label>
          <div className="field">
            <label htmlFor="poll-competency">Competency (optional)</label>
            <select
              id="poll-competency"
              value={competencyId}
              onChange={(e) => setCompetencyId(e.target.value)}
            >
              <option value="">None</option>
              {competencies.map((competency) => (
                <option key={competency.id} value={competency.id}>
                  {competency.code} {competency.title}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--primary">
            Open the poll
          </button>
        </form>
      ) : null}
    </section>
  );
}

function Breakouts({
  state,
  isHost,
  now,
  userId,
  send,
}: {
  state: LiveState;
  isHost: boolean;
  now: number;
  userId: string;
  send: Send;
}) {
  const active = isBreakoutActive(state.breakout, now) ? state.breakout : null;
  const [plan, setPlan] = useState<{ userId: string; name: string }[][] | null>(null);
  const [minutes, setMinutes] = useState(15);
  const myGroup = active ? groupOf(active, userId) : null;

  return (
    <section className="card" aria-labelledby="breakout-title">
      <h2 id="breakout-title">Breakouts</h2>
      {active ? (
        <>
          <p>
            Breakouts end in <strong>{clock(Date.parse(active.endsAt) - now)}</strong>; everyone
            returns to the room together.
          </p>
          {myGroup ? (
            <>
              <p>
                Your group:{' '}
                {myGroup.members
                  .map((member) =>
                    member.userId === userId ? `${member.name} (you)` : member.name,
                  )
                  .join(', ')}
              </p>
              <Chat
                title="Your group’s chat"
                groupId={myGroup.id}
                messages={state.chat.filter((message) => message.groupId === myGroup.id)}
                isHost={false}
                send={send}
              />
            </>
          ) : null}
          {isHost ? <HostBreakoutView breakout={active} state={state} send={send} /> : null}
        </>
      ) : (
        <p className="muted">
          {state.breakout ? 'Everyone is back in the room.' : 'No breakouts yet.'}
        </p>
      )}
      {isHost && !active ? (
        <div className="stack">
          <p className="actions-row">
            <button
              type="button"
              className="button"
              onClick={() =>
                void send('breakout:suggest').then((result) => {
                  if ('data' in result) {
                    setPlan(
                      (result.data as { groups: { userId: string; name: string }[][] }).groups,
                    );
                  }
                })
              }
            >
              Suggest groups
            </button>
          </p>
          {plan ? (
            <form
              className="form"
              onSubmit={(event) => {
                event.preventDefault();
                const groups = plan
                  .map((group) => group.map((person) => person.userId))
                  .filter((group) => group.length > 0);
                void send('breakout:start', { minutes, groups }).then((result) => {
                  if ('data' in result) setPlan(null);
                });
              }}
            >
              {plan.length === 0 ? <p className="muted">No participants are here yet.</p> : null}
              <ul className="live-list">
                {plan.flatMap((group, groupIndex) =>
                  group.map((person) => (
                    <li key={person.userId}>
                      <label htmlFor={`group-of-${person.userId}`}>{person.name}</label>{' '}
                      <select
                        id={`group-of-${person.userId}`}
                        value={groupIndex}
                        onChange={(event) => {
                          const target = Number(event.target.value);
                          setPlan(
                            plan.map((members, index) => {
                              const without = members.filter((m) => m.userId !== person.userId);
                              return index === target ? [...without, person] : without;
                            }),
                          );
                        }}
                      >
                        {plan.map((_, index) => (
                          <option key={index} value={index}>
                            Group {index + 1}
                          </option>
                        ))}
                      </select>
                    </li>
                  )),
                )}
              </ul>
              <div className="field">
                <label htmlFor="breakout-minutes">Minutes</label>
                <input
                  id="breakout-minutes"
                  type="number"
                  min={1}
                  max={120}
                  className="input--short"
                  value={minutes}
                  onChange={(event) => setMinutes(Number(event.target.value))}
                />
              </div>
              <button type="submit" className="button button--primary" disabled={!plan.length}>
                Start breakouts
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function HostBreakoutView({
  breakout,
  state,
  send,
}: {
  breakout: Breakout;
  state: LiveState;
  send: Send;
}) {
  return (
    <div className="stack">
      {breakout.groups.map((group, index) => (
        <details key={group.id} className="disclosure">
          <summary>
            Group {index + 1}: {group.members.map((member) => member.name).join(', ')}
          </summary>
          <Chat
            title={`Group ${index + 1} chat`}
            groupId={group.id}
            messages={state.chat.filter((message) => message.groupId === group.id)}
            isHost
            send={send}
          />
        </details>
      ))}
      <p>
        <button
          type="button"
          className="button button--danger"
          onClick={() => {
            if (window.confirm('End the breakouts now and bring everyone back?')) {
              void send('breakout:end');
            }
          }}
        >
          End breakouts now
        </button>
      </p>
    </div>
  );
}

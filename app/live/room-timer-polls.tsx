import { useId, useState } from 'react';
import { remainingMs, type LiveState, type Poll } from '~/live/state';
import { clock, type Send } from './room-basics';

/** The live room's agenda countdown and polls. */

export function parseAgenda(text: string) {
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

export function Timer({
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

export function PollBars({ poll }: { poll: Poll }) {
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

export function PollCard({ poll, isHost, send }: { poll: Poll; isHost: boolean; send: Send }) {
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

export function Polls({
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

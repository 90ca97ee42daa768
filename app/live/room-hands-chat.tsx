import { useId, useState, type FormEvent } from 'react';
import { Markdown } from '~/components/markdown';
import { Linkified } from '~/live/linkify';
import { type LiveState } from '~/live/state';
import { type Send } from './room-basics';

/** The live room's raised hands, chat and spotlight. */

export function Hands({
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

export function Chat({
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

export function Spotlight({
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

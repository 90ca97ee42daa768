import { useState } from 'react';
import { groupOf, isBreakoutActive, type Breakout, type LiveState } from '~/live/state';
import { clock, type Send } from './room-basics';
import { Chat } from './room-hands-chat';

/** The live room's breakout groups, for participants and for the hosts. */

export function Breakouts({
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

export function HostBreakoutView({
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

import { useEffect, useState } from 'react';
import { IntegrationsHint } from '~/components/integrations-link';
import { type CalledOn, isBreakoutActive, type LiveState } from '~/live/state';
import type { useLiveRoom } from '~/realtime/use-live-room';
import { ZoomMeetingEmbed } from '~/sessions/zoom-meeting-embed';
import type { LiveRoomMember } from '../../realtime/events';

/** The live room page's small parts: the clock, the meeting, who is here and who was called on. */

export type Send = ReturnType<typeof useLiveRoom>['send'];

export const roleNames: Record<LiveRoomMember['role'], string> = {
  facilitator: 'Facilitator',
  coach: 'Coach',
  participant: 'Participant',
  'org-admin': 'Admin',
};

export function useNow(offset: number) {
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    setNow(Date.now() + offset);
    const timer = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(timer);
  }, [offset]);
  return now;
}

export function clock(ms: number) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

export interface MeetingInfo {
  number: string | null;
  passcode: string | null;
  joinUrl: string | null;
  personalLink: boolean;
  embedded: boolean;
  startsHere: boolean;
}

export function formatMeetingNumber(number: string) {
  return number.replace(/(\d{3})(\d{3,4})(\d{4})$/, '$1 $2 $3');
}

/**
 * The one place to meet: the Zoom meeting inside the room when the Meeting SDK is set up,
 * otherwise a plain "Open Zoom" link (the person's own registrant link when they have one).
 */
export function MeetingPanel({
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
export const CALLED_ON_SHOWN_MS = 3 * 60_000;

/** Tells the person called on, out loud for a screen reader, and the host whom they called. */
export function CalledOnNotice({
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

export function NotStartedYet({ state, now }: { state: LiveState; now: number }) {
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

export function HereNow({ here }: { here: LiveRoomMember[] }) {
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

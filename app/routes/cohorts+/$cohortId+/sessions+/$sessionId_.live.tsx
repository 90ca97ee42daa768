import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { getLiveRoomChoices } from '~/live/page.server';
import { isBreakoutActive } from '~/live/state';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import { may } from '~/permissions/policy';
import { useLiveRoom } from '~/realtime/use-live-room';
import { ensureRegistrant, getCoachingSession } from '~/sessions/coaching-sessions.server';
import { zoomClientFor } from '~/sessions/session-actions.server';
import { zoomStatus } from '~/zoom/config.server';
import {
  CalledOnNotice,
  HereNow,
  MeetingPanel,
  NotStartedYet,
  useNow,
  type Send,
} from '~/live/room-basics';
import { Breakouts } from '~/live/room-breakouts';
import { Chat, Hands, Spotlight } from '~/live/room-hands-chat';
import { Polls, Timer } from '~/live/room-timer-polls';

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

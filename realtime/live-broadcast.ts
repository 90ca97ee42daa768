import type { LiveEventEnvelope } from '../app/live/state';
import { rooms } from './events';
import type { RealtimeServer } from './types';

function privateVersion(event: LiveEventEnvelope): LiveEventEnvelope {
  return { ...event, type: 'private', actorId: null, payload: {} };
}

/**
 * Sends appended events to a room, each person getting what they may see: every socket
 * gets every seq (so gaps mean a lost message), but another group's chat arrives as a
 * 'private' placeholder and unrevealed poll tallies reach the hosts only. Works across
 * nodes: the adapter carries each emit to every node.
 */
export function publishLiveEvents(io: RealtimeServer, events: readonly LiveEventEnvelope[]) {
  for (const event of events) {
    const sid = event.coachingSessionId;
    const everyone = rooms.live(sid);
    const hosts = rooms.liveHosts(sid);
    const payload = event.payload;
    if (event.type === 'chat:posted' && Array.isArray(payload.visibleTo)) {
      const { visibleTo, ...visible } = payload;
      const insiders = [
        hosts,
        ...(visibleTo as string[]).map((userId) => rooms.liveUser(sid, userId)),
      ];
      io.to(insiders).emit('live:event', { ...event, payload: visible });
      io.to(everyone).except(insiders).emit('live:event', privateVersion(event));
    } else if (event.type === 'poll:voted') {
      const { pollId, counts, totalVotes, revealed } = payload;
      io.to(hosts).emit('live:event', {
        ...event,
        actorId: null,
        payload: { pollId, counts, totalVotes },
      });
      io.to(everyone)
        .except(hosts)
        .emit('live:event', {
          ...event,
          actorId: null,
          payload: revealed ? { pollId, counts, totalVotes } : { pollId, totalVotes },
        });
    } else {
      const { visibleTo: _none, ...visible } = payload;
      io.to(everyone).emit('live:event', { ...event, payload: visible });
    }
  }
}

/** What a client replaying from the database may see of stored events. */
export function projectStoredEvents(
  events: readonly LiveEventEnvelope[],
  viewer: { userId: string; isHost: boolean },
): LiveEventEnvelope[] {
  return events.map((event) => {
    const payload = event.payload;
    if (event.type === 'chat:posted') {
      const { visibleTo, ...visible } = payload;
      if (Array.isArray(visibleTo) && !viewer.isHost && !visibleTo.includes(viewer.userId)) {
        return privateVersion(event);
      }
      return { ...event, payload: visible };
    }
    if (event.type === 'poll:voted') {
      const { pollId, counts, totalVotes, revealed } = payload;
      return {
        ...event,
        actorId: null,
        payload:
          viewer.isHost || revealed ? { pollId, counts, totalVotes } : { pollId, totalVotes },
      };
    }
    return event;
  });
}

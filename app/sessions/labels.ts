import type { CoachingSessionKind } from '../../db/schema';

export const kindLabels: Record<CoachingSessionKind, string> = {
  kickoff: 'Kickoff',
  coaching: 'Coaching session',
  'share-out': 'Share-out',
};

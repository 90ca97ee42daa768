import { describe, expect, it } from 'vitest';
import {
  missingForTransition,
  SHARE_OUT_SESSION_MISSING,
  nextStage,
  previousStage,
  type CohortFacts,
} from './lifecycle.server';

const ready: CohortFacts = {
  status: 'forming',
  hasCoach: true,
  activeParticipants: 16,
  waitlisted: 0,
  openInvitations: 2,
};

describe('cohort stages', () => {
  it('go forward one step at a time and end at archived', () => {
    expect(nextStage('forming')).toBe('assessing');
    expect(nextStage('completed')).toBe('archived');
    expect(nextStage('archived')).toBeNull();
  });

  it('go back only where nothing is lost', () => {
    expect(previousStage('forming')).toBeNull();
    expect(previousStage('assessing')).toBe('forming');
    expect(previousStage('sharing')).toBe('learning');
    // hours and credentials are issued at completion: no way back from there
    expect(previousStage('completed')).toBeNull();
    expect(previousStage('archived')).toBe('completed');
  });

  it('open the pre-assessment when a coach and a participant are in place', () => {
    expect(missingForTransition(ready, 'assessing')).toEqual([]);
  });

  it('name every missing precondition in words a facilitator can act on', () => {
    const missing = missingForTransition(
      { ...ready, hasCoach: false, activeParticipants: 0 },
      'assessing',
    );
    expect(missing).toEqual([
      'A coach must be assigned (Settings → Coach).',
      'At least one participant must have accepted an invitation.',
    ]);
  });

  it('refuse skipping a stage', () => {
    expect(missingForTransition(ready, 'learning')[0]).toMatch(/one step at a time/);
    expect(missingForTransition({ ...ready, status: 'completed' }, 'sharing')[0]).toMatch(
      /one step at a time/,
    );
  });

  it('start learning only once the coach has published the pathway', () => {
    const assessing = { ...ready, status: 'assessing' as const };
    expect(missingForTransition({ ...assessing, pathwayPublished: false }, 'learning')).toEqual([
      'The coach must publish the pathway (Pathway → Publish).',
    ]);
    expect(missingForTransition({ ...assessing, pathwayPublished: true }, 'learning')).toEqual([]);
  });

  it('refuse going back to forming once pre-assessment responses exist', () => {
    const assessing = { ...ready, status: 'assessing' as const };
    expect(missingForTransition({ ...assessing, assessmentResponses: 0 }, 'forming')).toEqual([]);
    expect(missingForTransition({ ...assessing, assessmentResponses: 3 }, 'forming')[0]).toMatch(
      /already started the pre-assessment/,
    );
  });

  it('allow stepping back without conditions', () => {
    expect(
      missingForTransition({ ...ready, status: 'learning', hasCoach: false }, 'assessing'),
    ).toEqual([]);
  });

  it('complete only after a scheduled share-out is finished', () => {
    const sharing = { ...ready, status: 'sharing' as const };
    expect(missingForTransition({ ...sharing, shareOutUnfinished: true }, 'completed')[0]).toMatch(
      /Finish the share-out/,
    );
    expect(missingForTransition({ ...sharing, shareOutUnfinished: false }, 'completed')).toEqual(
      [],
    );
  });

  it('move to the share-out only once its coaching session is scheduled', () => {
    const learning = { ...ready, status: 'learning' as const, pathwayPublished: true };
    expect(missingForTransition({ ...learning, shareOutScheduled: false }, 'sharing')).toEqual([
      SHARE_OUT_SESSION_MISSING,
    ]);
    expect(missingForTransition({ ...learning, shareOutScheduled: true }, 'sharing')).toEqual([]);
  });
});

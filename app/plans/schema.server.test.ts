import { parseWithZod } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { diffPlans } from './history.server';
import { PlanFormContentSchema, missingForSubmission, parseContent } from './schema.server';

const step = (action: string, due = '') => ({ action, owner: '', due, resources: '' });

describe('reading the plan form', () => {
  it('gathers numbered step fields in order and ignores stray ones', () => {
    const form = new FormData();
    form.set('goal', 'Calm starts');
    form.set('steps[1].action', 'Second');
    form.set('steps[0].action', 'First');
    form.set('steps[0].due', '2027-03-01');
    form.set('steps[x].action', 'ignored');
    form.set('steps[0].colour', 'ignored');
    const parsed = parseWithZod(form, { schema: PlanFormContentSchema, disableAutoCoercion: true });
    expect(parsed.status).toBe('success');
    expect(parsed.status === 'success' ? parsed.value : null).toEqual({
      goal: 'Calm starts',
      measure: '',
      steps: [step('First', '2027-03-01'), step('Second')],
      support: '',
      context: '',
    });
  });

  it('names the step and the field in its messages', () => {
    const tooLong = parseContent({
      goal: '',
      measure: '',
      steps: [step('ok'), step('x'.repeat(501))],
      support: '',
      context: '',
    });
    expect(tooLong).toEqual({
      ok: false,
      message: 'Step 2: The action can be at most 500 characters.',
    });
    const leapDay = parseContent({
      goal: '',
      measure: '',
      steps: [step('ok', '2027-02-29')],
      support: '',
      context: '',
    });
    expect(leapDay.ok).toBe(false);
    expect(
      parseContent({
        goal: '',
        measure: '',
        steps: [step('ok', '2028-02-29')],
        support: '',
        context: '',
      }).ok,
    ).toBe(true);
  });

  it('lists what is missing before a plan can be handed in', () => {
    expect(
      missingForSubmission({ goal: ' ', measure: '', steps: [step('')], support: '', context: '' }),
    ).toEqual(['Write the goal.', 'Say how you will measure success.', 'Add at least one step.']);
    expect(
      missingForSubmission({
        goal: 'g',
        measure: 'm',
        steps: [{ action: '', owner: 'Me', due: '', resources: '' }],
        support: '',
        context: '',
      }),
    ).toEqual(['Step 1 needs an action.']);
  });
});

describe('plan history', () => {
  const version = (number: number, goal: string) => ({
    id: `v${number}`,
    number,
    goal,
    measure: 'm',
    steps: [step('a')],
    support: '',
    context: '',
    submittedAt: new Date('2027-01-01T12:00:00Z'),
    decision: null,
    goalNote: null,
    measureNote: null,
    stepsNote: null,
    supportNote: null,
    contextNote: null,
    overallNote: null,
    reviewedAt: null,
    reviewerName: null,
  });

  it('compares each version with the one before, and unsubmitted changes with the last version', () => {
    const entries = diffPlans(
      { goal: 'Start in 1 minute', measure: 'm', steps: [step('a')], support: '', context: '' },
      true,
      [version(2, 'Start in 2 minutes'), version(1, 'Start in 5 minutes')],
    );
    expect(entries.map((entry) => entry.title)).toEqual([
      'Changes since version 2 (not submitted yet)',
      'Version 2',
      'Version 1',
    ]);
    expect(entries[1]?.changes.map((change) => change.section)).toEqual(['goal']);
    // the first version is compared with an empty plan: everything is new
    expect(entries[2]?.changes.map((change) => change.section)).toEqual([
      'goal',
      'measure',
      'steps',
    ]);
  });
});

import type { ActionPlanStatus, ActionPlanStep } from '../../db/schema';
import { formatCalendarDay } from '../utils/dates';

export type { ActionPlanStatus, ActionPlanStep };

/** What a participant writes: the SMART template's sections. */
export interface PlanContent {
  goal: string;
  measure: string;
  steps: ActionPlanStep[];
  support: string;
  context: string;
}

export const MAX_STEPS = 20;

export const textSections = ['goal', 'measure', 'support', 'context'] as const;
export type TextSection = (typeof textSections)[number];
export const planSections = ['goal', 'measure', 'steps', 'support', 'context'] as const;
export type PlanSection = (typeof planSections)[number];

export const sectionLabels: Record<PlanSection, string> = {
  goal: 'Goal',
  measure: 'How you will measure success',
  steps: 'Steps',
  support: 'Support you would like',
  context: 'The context it serves',
};

/** the prompts shown beside each section of the form */
export const sectionPrompts: Record<PlanSection, string> = {
  goal: 'Name one specific change in your own classroom. Who, what, and when? Keep it small enough to try in four weeks.',
  measure:
    'What will you count, collect or notice to know it worked? Say what you expect to see and by when.',
  steps:
    'List the actions in order: what you will do, who does it, by when, and what you need (materials, time, people).',
  support:
    'What would help from your coach or colleagues: an observation, a co-planning session, a resource?',
  context:
    'Which students, class or school need does this serve, and why now? One or two sentences are enough.',
};

export const examplePlan: PlanContent = {
  goal: 'By March 15, my 4th-period Grade 8 class starts the bell-ringer within 2 minutes of the bell on at least 4 of 5 days, using a posted entry routine I teach and practice.',
  measure:
    'I will time the start of the bell-ringer every day for four weeks and note the number of redirections I give in the first five minutes.',
  steps: [
    {
      action: 'Write and post a three-step entry routine with visuals',
      owner: 'Me',
      due: '2027-02-12',
      resources: 'Chart paper, 15 minutes of planning',
    },
    {
      action: 'Teach and rehearse the routine with the class; re-practice after breaks',
      owner: 'Me and the class',
      due: '2027-02-15',
      resources: 'One class period',
    },
    {
      action: 'Ask a colleague to observe one entry and give feedback',
      owner: 'Me and Ms. Ortiz',
      due: '2027-03-01',
      resources: 'A free period swap',
    },
  ],
  support: 'A 20-minute check-in with my coach after week two to look at the timing data together.',
  context:
    'Fourth period comes right after lunch; slow starts cost us about ten minutes a day and the same few students get redirected most.',
};

export const statusLabels: Record<ActionPlanStatus, string> = {
  draft: 'Draft',
  submitted: 'Waiting for the coach',
  'revision-requested': 'Revision requested',
  accepted: 'Accepted',
};

export const emptyStep = (): ActionPlanStep => ({ action: '', owner: '', due: '', resources: '' });

export function isStepEmpty(step: ActionPlanStep) {
  return !step.action.trim() && !step.owner.trim() && !step.due.trim() && !step.resources.trim();
}

/** whether two plan texts say the same thing, e.g. a local copy and what the server holds */
export function sameContent(a: PlanContent, b: PlanContent) {
  return JSON.stringify(normalizeContent(a)) === JSON.stringify(normalizeContent(b));
}

function normalizeContent(content: PlanContent): PlanContent {
  return {
    goal: content.goal,
    measure: content.measure,
    steps: content.steps.map((step) => ({
      action: step.action,
      owner: step.owner,
      due: step.due,
      resources: step.resources,
    })),
    support: content.support,
    context: content.context,
  };
}

/** a step's calendar day as words; plain text on a bad value rather than a crash */
export function formatStepDue(due: string) {
  return due ? formatCalendarDay(due) : '—';
}

/** A handed-in plan as Markdown for a shared screen (the live room's spotlight). */
export function planAsMarkdown(plan: {
  goal: string;
  measure: string;
  steps: ActionPlanStep[];
  support: string;
  context: string;
}) {
  const section = (label: string, text: string) =>
    `### ${label}\n\n${text.trim() || '_Not written yet._'}`;
  const steps = plan.steps.filter((step) => !isStepEmpty(step));
  const stepLines = steps.map((step, index) => {
    const details = [
      step.owner ? `who: ${step.owner}` : null,
      step.due ? `by ${formatStepDue(step.due)}` : null,
      step.resources ? `resources: ${step.resources}` : null,
    ].filter(Boolean);
    const action = step.action.replace(/\s+/g, ' ').trim() || '(no action written)';
    return `${index + 1}. ${action}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
  });
  return [
    section(sectionLabels.goal, plan.goal),
    section(sectionLabels.measure, plan.measure),
    `### ${sectionLabels.steps}\n\n${stepLines.length > 0 ? stepLines.join('\n') : '_No steps yet._'}`,
    section(sectionLabels.support, plan.support),
    section(sectionLabels.context, plan.context),
  ].join('\n\n');
}

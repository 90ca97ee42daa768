/**
 * The program evaluation, in the spirit of PDE's Act 48 evaluation (PDE-3527): each
 * participant rates the activity against what it set out to do and says what they will
 * apply. Ratings run from 1 (strongly disagree) to 5 (strongly agree).
 */
export const EVALUATION_STATEMENTS = [
  {
    name: 'objectivesMet',
    column: 'objectives_met',
    text: 'The program met its stated objectives.',
  },
  {
    name: 'relevant',
    column: 'relevant',
    text: 'The content was relevant to my professional needs and my students.',
  },
  {
    name: 'wellLed',
    column: 'well_led',
    text: 'The facilitator and coach knew the content and were well prepared.',
  },
  {
    name: 'helpfulActivities',
    column: 'helpful_activities',
    text: 'The modules, coaching sessions and materials helped me learn.',
  },
  {
    name: 'willApply',
    column: 'will_apply',
    text: 'I will be able to apply what I learned in my work.',
  },
] as const;

export const RATING_LABELS = [
  'Strongly disagree',
  'Disagree',
  'Neither agree nor disagree',
  'Agree',
  'Strongly agree',
] as const;

export type EvaluationStatement = (typeof EVALUATION_STATEMENTS)[number];

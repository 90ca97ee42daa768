import { z } from 'zod';
import { isRealDay } from '../utils/dates';
import { MAX_STEPS, isStepEmpty, sectionLabels, type PlanContent } from './content';
import { formatCount } from '../utils/locale';

const LIMITS = { goal: 2000, measure: 2000, support: 2000, context: 2000 } as const;
const STEP_LIMITS = { action: 500, owner: 120, resources: 500 } as const;

// carriage returns from form posts would make every version differ from the last, and
// PostgreSQL refuses NUL in text: invisible control characters are dropped, tabs and lines kept
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
export const cleanText = (value: string) => value.replace(/\r\n?/g, '\n').replace(CONTROL, '');

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .transform(cleanText)
    .pipe(z.string().max(max, `${label} can be at most ${formatCount(max)} characters.`));

const StepSchema = z.object({
  action: text('The action', STEP_LIMITS.action),
  owner: text('Who', STEP_LIMITS.owner),
  due: z
    .string({ error: '“By when” must be a date.' })
    .trim()
    .refine(
      (value) => value === '' || isRealDay(value),
      '“By when” must be a real date, like 2027-03-15.',
    )
    .refine(
      (value) => value === '' || (value >= '2000-01-01' && value <= '2100-12-31'),
      '“By when” must be a date between 2000 and 2100.',
    ),
  resources: text('Resources', STEP_LIMITS.resources),
});

export const PlanContentSchema = z.object({
  goal: text(sectionLabels.goal, LIMITS.goal),
  measure: text(sectionLabels.measure, LIMITS.measure),
  steps: z
    .array(StepSchema, { error: 'The steps were not understood.' })
    .max(MAX_STEPS, `A plan can have at most ${MAX_STEPS} steps; combine some of them.`),
  support: text(sectionLabels.support, LIMITS.support),
  context: text(sectionLabels.context, LIMITS.context),
});

/** The first problem with a plan as a sentence that names the section and step. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The plan was not understood, so nothing was saved.';
  const [first, index] = issue.path;
  if (first === 'steps' && typeof index === 'number') {
    return `Step ${index + 1}: ${issue.message}`;
  }
  return issue.message;
}

export type ParsedContent = { ok: true; content: PlanContent } | { ok: false; message: string };

export function parseContent(value: unknown): ParsedContent {
  const parsed = PlanContentSchema.safeParse(value);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error) };
  return { ok: true, content: parsed.data };
}

/** What must be filled in before a coach can read the plan; empty when it is ready. */
export function missingForSubmission(content: PlanContent): string[] {
  const missing: string[] = [];
  if (!content.goal.trim()) missing.push('Write the goal.');
  if (!content.measure.trim()) missing.push('Say how you will measure success.');
  const steps = content.steps.filter((step) => !isStepEmpty(step));
  if (steps.length === 0) missing.push('Add at least one step.');
  steps.forEach((step, index) => {
    if (!step.action.trim()) missing.push(`Step ${index + 1} needs an action.`);
  });
  return missing;
}

export function withoutEmptySteps(content: PlanContent): PlanContent {
  return { ...content, steps: content.steps.filter((step) => !isStepEmpty(step)) };
}

// a note left empty may also be left out of the form
const note = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .optional()
    .transform((value) => cleanText(value ?? ''))
    .pipe(z.string().max(max, `${label} can be at most ${formatCount(max)} characters.`));

export const ReviewSchema = z.object({
  decision: z.enum(['accepted', 'revision-requested'], {
    error: 'Choose whether to accept the plan or ask for a revision.',
  }),
  goalNote: note('The note on the goal', 2000),
  measureNote: note('The note on the measure', 2000),
  stepsNote: note('The note on the steps', 2000),
  supportNote: note('The note on support', 2000),
  contextNote: note('The note on the context', 2000),
  overallNote: note('The overall note', 4000),
});
export type ReviewInput = z.infer<typeof ReviewSchema>;

export const CommentSchema = z.object({
  kind: z.enum(['glow', 'grow'], { error: 'Choose “glow” or “grow”.' }),
  body: z
    .string({ error: 'Write a comment.' })
    .transform((value) => cleanText(value).trim())
    .pipe(
      z
        .string()
        .min(1, 'Write a comment before posting it.')
        .max(500, 'A comment can be at most 500 characters; keep it short.'),
    ),
});

const VERSION_NOT_UNDERSTOOD = 'The plan version was not understood; reload the page.';
export const VersionSchema = z.coerce
  .number({ error: VERSION_NOT_UNDERSTOOD })
  .int(VERSION_NOT_UNDERSTOOD)
  .positive(VERSION_NOT_UNDERSTOOD)
  .max(2_147_483_647, VERSION_NOT_UNDERSTOOD);

/**
 * The steps as Conform reads them from `steps[0].action`, …: indexes past 999 and stray
 * entries are dropped and the holes closed, so a posted index cannot build a huge list.
 * Indexes below that still count, so 500 steps get the "at most" message.
 */
function postedSteps(value: unknown): unknown {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null) return value;
  const byIndex = value as Record<string, unknown>;
  return Object.keys(byIndex)
    .filter((key) => /^\d{1,3}$/.test(key))
    .map((key) => byIndex[key])
    .filter((step) => typeof step === 'object' && step !== null && !Array.isArray(step));
}

// a form without scripts may leave out an empty field; it counts as empty
const posted = (schema: z.ZodType<string, string>) => schema.default('');

/** The plan form's fields (no scripts, or the hand-in), checked by the same rules as the autosave. */
export const PlanFormContentSchema = z.object({
  goal: posted(text(sectionLabels.goal, LIMITS.goal)),
  measure: posted(text(sectionLabels.measure, LIMITS.measure)),
  steps: z.preprocess(
    postedSteps,
    z
      .array(
        z.object({
          action: posted(text('The action', STEP_LIMITS.action)),
          owner: posted(text('Who', STEP_LIMITS.owner)),
          due: posted(StepSchema.shape.due),
          resources: posted(text('Resources', STEP_LIMITS.resources)),
        }),
        { error: 'The steps were not understood.' },
      )
      .max(MAX_STEPS, `A plan can have at most ${MAX_STEPS} steps; combine some of them.`),
  ),
  support: posted(text(sectionLabels.support, LIMITS.support)),
  context: posted(text(sectionLabels.context, LIMITS.context)),
});

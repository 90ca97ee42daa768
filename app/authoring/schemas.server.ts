import { z } from 'zod';
import {
  AUDIENCES,
  EVIDENCE_TYPES,
  FORMATS,
  GRADE_LEVELS,
  MODULE_KINDS,
  SUBMISSION_PARTS,
} from './vocabulary';

const text = (max: number, message: string) => z.string().trim().max(max, message);
const required = (max: number, missing: string, tooLong: string) =>
  z.string({ error: missing }).trim().min(1, missing).max(max, tooLong);
const optionalText = (max: number, message: string) => text(max, message).optional().default('');

/** one short phrase a line, blank lines dropped */
const lines = (maxItems: number, maxLength: number, what: string) =>
  z
    .string()
    .optional()
    .default('')
    .transform((value) =>
      value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().max(maxLength, `Keep each ${what} under ${maxLength} characters.`))
        .max(maxItems, `List at most ${maxItems} ${what}s.`),
    );

const choices = <T extends readonly string[]>(options: T, message: string) =>
  z.array(z.enum(options as unknown as [string, ...string[]], { error: message })).default([]);

const hours = (label: string) =>
  z.coerce
    .number({ error: `Enter the ${label} as a number.` })
    .min(0, `The ${label} cannot be negative.`)
    .max(500, `The ${label} can be at most 500.`)
    .refine((value) => Math.round(value * 100) === value * 100, 'Use at most two decimals.');

export const ProgramSchema = z.object({
  title: required(200, 'Give the program a title.', 'Keep the title under 200 characters.'),
  summary: optionalText(1000, 'Keep the summary under 1,000 characters.'),
  description: optionalText(20000, 'Keep the description under 20,000 characters.'),
  topics: lines(20, 100, 'topic'),
  outcomes: lines(20, 300, 'outcome'),
  audiences: choices(AUDIENCES, 'Choose audiences from the list.'),
  gradeLevels: choices(GRADE_LEVELS, 'Choose grade levels from the list.'),
  format: z.enum(FORMATS.map((format) => format.value) as [string, ...string[]], {
    error: 'Choose a format from the list.',
  }),
  hoursPerCredential: hours('hours per micro-credential'),
  hoursForCompleting: hours('hours for completing'),
  hoursForAttaining: hours('hours for earning'),
});

export const CODE = /^[A-Z0-9][A-Z0-9-]{0,19}$/;
const code = z
  .string({ error: 'Give it a code.' })
  .trim()
  .toUpperCase()
  .regex(CODE, 'Use 1–20 capital letters, digits or dashes, e.g. CM-1.');

export const CompetenciesSchema = z
  .object({
    competencies: z
      .array(
        z.object({
          id: z.uuid().optional(),
          code: z.string().trim().optional().default(''),
          title: z.string().trim().optional().default(''),
          description: z.string().trim().optional().default(''),
        }),
      )
      .max(40, 'A program has at most 40 competencies.')
      .default([]),
  })
  .superRefine((value, ctx) => {
    const seen = new Map<string, number>();
    value.competencies.forEach((row, index) => {
      const empty = !row.code && !row.title && !row.description;
      if (empty) return;
      const upper = row.code.toUpperCase();
      if (!CODE.test(upper)) {
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', index, 'code'],
          message: 'Use 1–20 capital letters, digits or dashes, e.g. CM-1.',
        });
      } else if (seen.has(upper)) {
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', index, 'code'],
          message: 'Two competencies cannot share a code.',
        });
      }
      seen.set(upper, index);
      if (!row.title) {
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', index, 'title'],
          message: 'Give the competency a title.',
        });
      } else if (row.title.length > 200) {
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', index, 'title'],
          message: 'Keep the title under 200 characters.',
        });
      }
      if (row.description.length > 4000) {
        ctx.addIssue({
          code: 'custom',
          path: ['competencies', index, 'description'],
          message: 'Keep the description under 4,000 characters.',
        });
      }
    });
  });

const httpUrl = z
  .string()
  .trim()
  .max(2000, 'Keep the address under 2,000 characters.')
  .refine((value) => /^https?:\/\/[^\s]+$/i.test(value), 'Enter a web address starting https://.');

export const ModuleSchema = z
  .object({
    title: required(200, 'Give the module a title.', 'Keep the title under 200 characters.'),
    kind: z.enum(MODULE_KINDS.map((kind) => kind.value) as [string, ...string[]], {
      error: 'Choose a kind from the list.',
    }),
    minutes: z.coerce
      .number({ error: 'Enter the minutes as a whole number.' })
      .int('Enter the minutes as a whole number.')
      .min(1, 'A module takes at least a minute.')
      .max(1440, 'A module takes at most a day (1,440 minutes).'),
    competencyIds: z.array(z.uuid({ error: 'Choose competencies from the list.' })).default([]),
    body: optionalText(100000, 'Keep the body under 100,000 characters.'),
    resources: z
      .array(
        z.object({
          title: z.string().trim().optional().default(''),
          url: z.string().trim().optional().default(''),
          embed: z
            .string()
            .optional()
            .transform((value) => value === 'on'),
        }),
      )
      .max(30, 'A module lists at most 30 resources.')
      .default([]),
  })
  .superRefine((value, ctx) => {
    value.resources.forEach((row, index) => {
      if (!row.title && !row.url) return;
      if (!row.title || row.title.length > 200) {
        ctx.addIssue({
          code: 'custom',
          path: ['resources', index, 'title'],
          message: 'Give each resource a title under 200 characters.',
        });
      }
      const url = httpUrl.safeParse(row.url);
      if (!url.success) {
        ctx.addIssue({
          code: 'custom',
          path: ['resources', index, 'url'],
          message: url.error.issues[0]?.message ?? 'Enter a web address.',
        });
      }
    });
  });

const partKinds = SUBMISSION_PARTS.map((part) => part.value) as [string, ...string[]];

export const MicroCredentialSchema = z
  .object({
    code,
    title: required(200, 'Give it a title.', 'Keep the title under 200 characters.'),
    competencyId: z
      .uuid({ error: 'Choose one of this program’s competencies.' })
      .optional()
      .or(z.literal('').transform(() => undefined)),
    competencyStatement: required(
      4000,
      'Write the competency statement.',
      'Keep the competency statement under 4,000 characters.',
    ),
    keyMethod: required(
      4000,
      'Describe the key method.',
      'Keep the key method under 4,000 characters.',
    ),
    research: optionalText(20000, 'Keep the research and resources under 20,000 characters.'),
    overviewPrompt: optionalText(4000, 'Keep the overview questions under 4,000 characters.'),
    artifactPrompt: optionalText(4000, 'Keep the artifact instructions under 4,000 characters.'),
    reflectionPrompt: optionalText(4000, 'Keep the reflection prompt under 4,000 characters.'),
    evidenceTypes: z
      .array(
        z.enum(EVIDENCE_TYPES as unknown as [string, ...string[]], {
          error: 'Choose evidence types from the list.',
        }),
      )
      .min(1, 'Accept at least one type of evidence.')
      .default([]),
    needsClassroomData: z.enum(['yes', 'no'], {
      error: 'Say whether the evidence needs classroom or student data.',
    }),
    audiences: choices(AUDIENCES, 'Choose audiences from the list.'),
    hours: hours('hours'),
    criteria: z
      .array(
        z.object({
          id: z.uuid().optional(),
          part: z.enum(partKinds).optional().or(z.literal('')),
          title: z.string().trim().optional().default(''),
          meets: z.string().trim().optional().default(''),
          notYet: z.string().trim().optional().default(''),
        }),
      )
      .default([]),
  })
  .superRefine((value, ctx) => {
    if (!value.overviewPrompt && !value.artifactPrompt && !value.reflectionPrompt) {
      ctx.addIssue({
        code: 'custom',
        path: ['overviewPrompt'],
        message: 'Describe at least one part of the submission.',
      });
    }
    let kept = 0;
    value.criteria.forEach((row, index) => {
      if (!row.title && !row.meets && !row.notYet) return;
      kept += 1;
      if (!row.title || row.title.length > 200) {
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', index, 'title'],
          message: 'Give each criterion a title under 200 characters.',
        });
      }
      if (!row.meets || row.meets.length > 4000) {
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', index, 'meets'],
          message: 'Say what “meets” looks like (under 4,000 characters).',
        });
      }
      if (!row.notYet || row.notYet.length > 4000) {
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', index, 'notYet'],
          message: 'Say what “not yet” looks like (under 4,000 characters).',
        });
      }
    });
    if (kept === 0) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'Add at least one criterion.' });
    }
    if (kept > 12) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'Use at most 12 criteria.' });
    }
  });

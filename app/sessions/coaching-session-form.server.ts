import { z } from 'zod';
import { coachingSessionKinds } from '../../db/schema';

export const SESSION_MINUTES = { min: 15, max: 480, default: 60 } as const;

/** a Zoom meeting number: 9 to 11 digits, often written in groups */
const MEETING_NUMBER = /^\d{9,11}$/;
const PASSCODE = /^[A-Za-z0-9@_*-]{1,10}$/;

/**
 * The meeting number from what a host pastes: a zoom.us join link (any subdomain, with or
 * without ?pwd=) or the number itself, spaces and dashes allowed. Null when it is neither.
 */
export function parseMeetingLink(value: string): { meetingNumber: string; joinUrl: string } | null {
  const trimmed = value.trim();
  const digits = trimmed.replace(/[\s-]/g, '');
  if (MEETING_NUMBER.test(digits)) {
    return { meetingNumber: digits, joinUrl: `https://zoom.us/j/${digits}` };
  }
  if (!URL.canParse(trimmed)) return null;
  const url = new URL(trimmed);
  const zoomHost = url.hostname === 'zoom.us' || url.hostname.endsWith('.zoom.us');
  const match = /^\/(?:j|w|wc\/join|s)\/(\d{9,11})\/?$/.exec(url.pathname);
  if (url.protocol !== 'https:' || !zoomHost || !match?.[1]) return null;
  return { meetingNumber: match[1], joinUrl: url.toString() };
}

const optionalUuid = (message: string) =>
  z
    .union([z.literal(''), z.uuid({ error: message })])
    .optional()
    .transform((value) => (value ? value : null));

export const CoachingSessionFormSchema = z
  .object({
    kind: z.enum(coachingSessionKinds, { error: 'Choose the kind of session.' }),
    title: z
      .string({ error: 'Give the session a title.' })
      .trim()
      .min(1, 'Give the session a title.')
      .max(200, 'Keep the title under 200 characters.'),
    date: z.string({ error: 'Choose a date.' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Choose a date.'),
    time: z
      .string({ error: 'Choose a start time.' })
      .regex(/^\d{2}:\d{2}$/, 'Choose a start time, such as 16:30.'),
    minutes: z.coerce
      .number({ error: 'The length must be a whole number of minutes.' })
      .int('The length must be a whole number of minutes.')
      .min(SESSION_MINUTES.min, `A session lasts at least ${SESSION_MINUTES.min} minutes.`)
      .max(SESSION_MINUTES.max, `A session lasts at most ${SESSION_MINUTES.max / 60} hours.`),
    hostId: z.uuid({ error: 'Choose who hosts the session.' }),
    moduleId: optionalUuid('Choose a module from the list.'),
    meetingLink: z
      .string()
      .max(500, 'That link is too long to be a Zoom link.')
      .optional()
      .transform((value) => value?.trim() ?? ''),
    passcode: z
      .string()
      .max(10, 'A Zoom passcode has at most 10 characters.')
      .optional()
      .transform((value) => value?.trim() ?? '')
      .refine(
        (value) => value === '' || PASSCODE.test(value),
        'A Zoom passcode uses letters, digits and @ - _ * only.',
      ),
  })
  .superRefine((value, context) => {
    if (value.meetingLink && !parseMeetingLink(value.meetingLink)) {
      context.addIssue({
        code: 'custom',
        path: ['meetingLink'],
        message:
          'Paste a Zoom join link such as https://zoom.us/j/81234567890 or the 9–11 digit meeting number.',
      });
    }
  });

export type CoachingSessionFormInput = z.infer<typeof CoachingSessionFormSchema>;
export type CoachingSessionField = keyof CoachingSessionFormInput | 'form';
export type CoachingSessionFieldErrors = Partial<Record<CoachingSessionField, string>>;

export const coachingSessionFormFields = [
  'kind',
  'title',
  'date',
  'time',
  'minutes',
  'hostId',
  'moduleId',
  'meetingLink',
  'passcode',
] as const;

export function fieldErrorsOf(error: z.ZodError): CoachingSessionFieldErrors {
  const errors: CoachingSessionFieldErrors = {};
  for (const issue of error.issues) {
    const key = (issue.path[0] ?? 'form') as CoachingSessionField;
    errors[key] ??= issue.message;
  }
  return errors;
}

export const OverrideSchema = z.object({
  userId: z.uuid({ error: 'Choose a person from the list.' }),
  present: z.enum(['present', 'absent', 'computed'], { error: 'Choose present or absent.' }),
  reason: z
    .string()
    .optional()
    .transform((value) => value?.trim() ?? '')
    .pipe(z.string().max(500, 'Keep the reason under 500 characters.')),
});

const clockTime = z.string().regex(/^\d{2}:\d{2}$/, 'Enter times like 16:05.');

export const ManualTimeSchema = z.object({
  userId: z.uuid({ error: 'Choose a person from the list.' }),
  from: clockTime,
  to: clockTime,
  note: z
    .string({ error: 'Say where this time comes from.' })
    .trim()
    .min(3, 'Say where this time comes from, e.g. "joined by phone".')
    .max(300, 'Keep the note under 300 characters.'),
});

export const ResolveSchema = z.object({
  unmatchedId: z.uuid({ error: 'That Zoom participant is not on the list.' }),
  userId: z.uuid({ error: 'Choose who this was.' }),
});

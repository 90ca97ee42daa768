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

/** where a message without a field of its own goes in a reply: the whole form's errors */
export function replyOptionsOf(errors: CoachingSessionFieldErrors) {
  const { form, ...fields } = errors;
  return {
    formErrors: form ? [form] : [],
    fieldErrors: Object.fromEntries(
      Object.entries(fields).map(([name, message]) => [name, [message]]),
    ),
  };
}

const person = z.uuid({ error: 'Choose a person from the list.' });
const clockTime = z
  .string({ error: 'Enter times like 16:05.' })
  .regex(/^\d{2}:\d{2}$/, 'Enter times like 16:05.');

/** The attendance page's three forms: an override (or undoing one), time added, a match. */
export const AttendanceActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('override'),
      userId: person,
      present: z.enum(['present', 'absent', 'computed'], { error: 'Choose present or absent.' }),
      // undoing an override needs no reason; setting one is checked with the record
      reason: z
        .string()
        .trim()
        .max(500, 'Keep the reason under 500 characters.')
        .optional()
        .transform((value) => value ?? ''),
    }),
    z.object({
      intent: z.literal('add-time'),
      userId: person,
      from: clockTime,
      to: clockTime,
      note: z
        .string({ error: 'Say where this time comes from, e.g. "joined by phone".' })
        .trim()
        .min(3, 'Say where this time comes from, e.g. "joined by phone".')
        .max(300, 'Keep the note under 300 characters.'),
    }),
    z.object({
      intent: z.literal('resolve'),
      unmatchedId: z.uuid({ error: 'That Zoom participant is not on the list.' }),
      userId: z.uuid({ error: 'Choose who this was.' }),
    }),
  ],
  { error: 'That action is not known on this page.' },
);

import type { AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { EmailAddressSchema } from '../auth/sign-in.server';
import { readFormData } from '../http/form.server';
import { appOriginOf } from '../http/origin.server';
import { readIdempotencyKey, runOnce } from '../http/idempotency.server';
import { describeWait } from '../http/rate-limit.server';
import { todayIn } from '../pathway/progress.server';
import { isRealDay } from '../utils/dates';
import { isSavableText, UNSAVABLE_TEXT_MESSAGE } from '../utils/savable-text.server';
import { redirectWithToast } from '../utils/toast.server';
import {
  createAccounts,
  deactivatePerson,
  deletePerson,
  reactivatePerson,
  sendResetLinkFor,
  updatePerson,
} from './accounts.server';
import { requireDirectoryAdmin, requirePerson } from './directory.server';
import { checkEducatorId } from './educator-id';
import { closeEndedSessions } from '../auth/session.server';

/** the educator id as typed: spaces and dashes dropped, empty clears it, anything else a PPID */
const EducatorIdField = z
  .string()
  .max(50, 'A PPID has 7 digits.')
  .optional()
  .transform((value, ctx) => {
    const check = checkEducatorId(value);
    if (!check.ok) {
      ctx.addIssue({ code: 'custom', message: check.message });
      return z.NEVER;
    }
    return check.value;
  });

const DayField = (label: string) =>
  z
    .string()
    .optional()
    .refine((value) => value === undefined || isRealDay(value), {
      message: `Enter the ${label} as a date, like 2026-09-01.`,
    });

export const MembershipSchema = z
  .object({
    intent: z.literal('membership'),
    memberSince: DayField('first day'),
    memberUntil: DayField('last day'),
  })
  .superRefine((value, ctx) => {
    if (value.memberUntil && !value.memberSince) {
      ctx.addIssue({
        code: 'custom',
        path: ['memberSince'],
        message: 'Enter the day the membership starts, or clear the last day too.',
      });
    }
    if (value.memberSince && value.memberUntil && value.memberUntil < value.memberSince) {
      ctx.addIssue({
        code: 'custom',
        path: ['memberUntil'],
        message: 'The last day of the membership cannot come before its first day.',
      });
    }
  });

export const PersonActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('educator-id'), stateEducatorId: EducatorIdField }),
    z.object({
      intent: z.literal('marks'),
      mayCoach: z.boolean().optional(),
      mayAuthor: z.boolean().optional(),
      isParaprofessional: z.boolean().optional(),
    }),
    MembershipSchema,
    z.object({ intent: z.literal('deactivate') }),
    z.object({ intent: z.literal('reactivate') }),
    z.object({ intent: z.literal('send-reset') }),
    z.object({
      intent: z.literal('delete'),
      confirmation: z
        .string({ error: 'Type the person’s email address to confirm.' })
        .max(320, 'Type the person’s email address to confirm.'),
    }),
  ],
  { error: 'That change was not understood, so nothing changed. Reload the page and try again.' },
);

export type PersonIntent = z.infer<typeof PersonActionSchema>['intent'];

/** the field-error answer of one form on the page; the page shows it by that form */
function personReply<T>(intent: string | null, result: T) {
  return { intent, result };
}

/**
 * Every change on a person's page. Each ends in a redirect with a toast, or in a field
 * error for the one form that sent it (answered 400, nothing changed).
 */
export async function handlePersonAction(
  context: AppLoadContext,
  request: Request,
  userId: string | undefined,
) {
  const admin = await requireDirectoryAdmin(context.db, request);
  // another organization's people do not exist from here
  await requirePerson(context.db, { organizationId: admin.organizationId, userId: userId ?? '' });
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: PersonActionSchema });
  const rawIntent = form.get('intent');
  const intent = typeof rawIntent === 'string' ? rawIntent.slice(0, 40) : null;
  if (submission.status !== 'success') {
    return { status: 400, reply: personReply(intent, submission.reply()) };
  }
  const value = submission.value;
  const target = {
    organizationId: admin.organizationId,
    actorId: admin.id,
    userId: userId ?? '',
  };
  const here = `/admin/people/${userId}`;
  const appOrigin = appOriginOf(request, context.env);
  const notFoundToast = () =>
    redirectWithToast('/admin/people', {
      kind: 'error',
      message: 'We could not find that person in your organization.',
    });
  const toast = (kind: 'success' | 'error' | 'info', message: string, to = here) =>
    redirectWithToast(to, { kind, message });

  switch (value.intent) {
    case 'deactivate': {
      const outcome = await deactivatePerson(context.db, { ...target, appOrigin });
      if (outcome.status === 'not-found') throw await notFoundToast();
      if (outcome.status === 'self')
        throw await toast('error', 'You cannot deactivate your own account.');
      if (outcome.status === 'deleted') throw await toast('error', 'This person was deleted.');
      if (outcome.status === 'already')
        throw await toast('info', `${outcome.name} is already deactivated.`);
      closeEndedSessions(context.realtime, outcome.endedSessionIds);
      const seats = outcome.released.length;
      throw await toast(
        'success',
        `${outcome.name} is deactivated and signed out everywhere.${seats > 0 ? ` ${seats} cohort seat${seats === 1 ? ' was' : 's were'} released to the waitlist.` : ''}`,
      );
    }
    case 'reactivate': {
      const outcome = await reactivatePerson(context.db, target);
      if (outcome.status === 'not-found') throw await notFoundToast();
      if (outcome.status === 'deleted') throw await toast('error', 'This person was deleted.');
      if (outcome.status === 'already')
        throw await toast('info', `${outcome.name} is already active.`);
      throw await toast('success', `${outcome.name} can sign in again.`);
    }
    case 'send-reset': {
      const outcome = await sendResetLinkFor(context.db, {
        ...target,
        appOrigin,
        requestedIp: context.clientIp,
      });
      if (outcome.status === 'not-found') throw await notFoundToast();
      if (outcome.status === 'inactive') {
        throw await toast(
          'error',
          `${outcome.name} is deactivated: reactivate them before sending a reset link.`,
        );
      }
      throw await toast(
        'success',
        `A reset link is on its way to ${outcome.email}. It works once, for one hour.`,
      );
    }
    case 'delete': {
      const outcome = await deletePerson(context.db, {
        ...target,
        appOrigin,
        confirmation: value.confirmation,
      });
      if (outcome.status === 'not-found') throw await notFoundToast();
      if (outcome.status === 'self')
        throw await toast('error', 'You cannot delete your own account.');
      if (outcome.status === 'deleted')
        throw await toast('info', 'This person was already deleted.');
      if (outcome.status === 'mismatch') {
        return {
          status: 400,
          reply: personReply(
            'delete',
            submission.reply({
              fieldErrors: {
                confirmation: [
                  'That is not this person’s email address. Type it exactly to confirm; nothing was deleted.',
                ],
              },
            }),
          ),
        };
      }
      closeEndedSessions(context.realtime, outcome.endedSessionIds);
      throw await toast(
        'success',
        `${outcome.name}’s personal data is deleted. Their hours and credentials are kept under “${outcome.placeholder}”.`,
      );
    }
    case 'educator-id':
    case 'marks':
    case 'membership': {
      const { intent: _intent, ...changes } = value;
      const action =
        value.intent === 'educator-id'
          ? 'person.educator_id_changed'
          : value.intent === 'marks'
            ? 'person.marks_changed'
            : 'person.membership_changed';
      const normalized =
        value.intent === 'marks'
          ? {
              mayCoach: value.mayCoach ?? false,
              mayAuthor: value.mayAuthor ?? false,
              isParaprofessional: value.isParaprofessional ?? false,
            }
          : value.intent === 'membership'
            ? { memberSince: value.memberSince ?? null, memberUntil: value.memberUntil ?? null }
            : changes;
      const outcome = await updatePerson(context.db, { ...target, changes: normalized, action });
      if (outcome.status === 'not-found') throw await notFoundToast();
      if (outcome.status === 'deleted') throw await toast('error', 'This person was deleted.');
      if (outcome.status === 'unchanged') throw await toast('info', 'Nothing changed.');
      const what =
        value.intent === 'educator-id'
          ? 'educator id'
          : value.intent === 'marks'
            ? 'marks'
            : 'membership';
      throw await toast('success', `Saved ${outcome.name}’s ${what}.`);
    }
  }
}

export const InvitePersonSchema = z.object({
  name: z
    .string({ error: 'Enter the person’s name.' })
    .trim()
    .min(1, 'Enter the person’s name.')
    .max(200, 'That name is too long.')
    .refine(isSavableText, UNSAVABLE_TEXT_MESSAGE),
  email: EmailAddressSchema,
  stateEducatorId: EducatorIdField,
  member: z.boolean().optional(),
});

/** The invite page's action: one account, one "set your password" email. */
export async function handleInvitePerson(context: AppLoadContext, request: Request) {
  const admin = await requireDirectoryAdmin(context.db, request);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: InvitePersonSchema });
  if (submission.status !== 'success') return { status: 400, result: submission.reply() };
  const organization = await context.db
    .selectFrom('organization')
    .select('timezone')
    .where('id', '=', admin.organizationId)
    .executeTakeFirstOrThrow();
  const person = submission.value;
  const [outcome] = await runOnce(
    context.db,
    {
      key: readIdempotencyKey(form),
      userId: admin.id,
      action: 'people.invite',
      input: person,
    },
    (db) =>
      createAccounts(db, {
        organizationId: admin.organizationId,
        actorId: admin.id,
        appOrigin: appOriginOf(request, context.env),
        people: [
          {
            name: person.name,
            email: person.email,
            stateEducatorId: person.stateEducatorId,
            memberSince: person.member ? todayIn(organization.timezone) : null,
          },
        ],
      }),
  );
  if (!outcome || outcome.status === 'taken') {
    return {
      status: 400,
      result: submission.reply({
        fieldErrors: {
          email: ['This address already has a Cadre account, so it cannot be invited here.'],
        },
      }),
    };
  }
  if (outcome.status === 'exists') {
    return {
      status: 400,
      result: submission.reply({
        fieldErrors: { email: ['This person already has an account in your organization.'] },
      }),
      existingUserId: outcome.userId,
    };
  }
  if (outcome.status === 'rate-limited') {
    return {
      status: 429,
      result: submission.reply({
        formErrors: [
          `You have sent as many invitations as an hour allows. Nothing was sent; try again in ${describeWait(outcome.retryAfterSeconds)}.`,
        ],
      }),
    };
  }
  throw await redirectWithToast(`/admin/people/${outcome.userId}`, {
    kind: 'success',
    message: `Invited ${person.name}. An email with a link to set a password is on its way to ${person.email}.`,
  });
}

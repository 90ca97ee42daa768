import type { AppLoadContext } from '@remix-run/node';
import { data } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { cohortRoles, type Database } from '../../db/schema';
import { appOriginOf } from '../http/origin.server';
import { requireCohortRole } from '../permissions/permissions.server';
import { redirectWithToast, type Toast } from '../utils/toast.server';
import { changeMemberRole, withdrawMember } from './enrolment.server';
import { resendInvitation, revokeInvitation } from './invitations.server';
import { readFormData } from '../http/form.server';
import { readIdempotencyKey, runOnce } from '../http/idempotency.server';
import { describeWait } from '../http/rate-limit.server';

const NOT_UNDERSTOOD =
  'That change was not understood, so nothing changed. Reload the page and try again.';
const memberId = z.uuid({ error: 'That person is not on this roster. Reload the page.' });
const invitationId = z.uuid({ error: 'That invitation is not on this roster. Reload the page.' });

export const RosterActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('withdraw'), memberId }),
    z.object({
      intent: z.literal('change-role'),
      memberId,
      role: z.enum(cohortRoles, { error: 'Choose a role from the list.' }),
    }),
    z.object({ intent: z.literal('resend'), invitationId }),
    z.object({ intent: z.literal('revoke'), invitationId }),
  ],
  { error: NOT_UNDERSTOOD },
);

type Executor = Kysely<Database>;

/** The roster's actions; each ends in a redirect back to the roster with a message. */
export async function handleRosterAction(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { user, cohort } = await requireCohortRole(context.db, request, cohortId, 'administer');
  const back = `/cohorts/${cohort.id}/roster`;
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: RosterActionSchema });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const appOrigin = appOriginOf(request, context.env);
  const action = submission.value;
  // withdrawing can email the waitlisted and resending emails the invitee: once per intent
  const toast = await runOnce(
    context.db,
    {
      key: readIdempotencyKey(form),
      userId: user.id,
      action: `roster.${action.intent}`,
      input: { cohortId: cohort.id, ...action },
    },
    (db) => rosterChange(db, { cohortId: cohort.id, actorId: user.id, appOrigin, action }),
  );
  if (
    (action.intent === 'withdraw' || action.intent === 'change-role') &&
    toast.kind === 'success'
  ) {
    await endLiveMembership(context, { cohortId: cohort.id, memberId: action.memberId });
  }
  throw await redirectWithToast(back, toast);
}

/** a member withdrawn or given a new role leaves the cohort's live rooms, to be checked again */
async function endLiveMembership(
  context: AppLoadContext,
  input: { cohortId: string; memberId: string },
) {
  const member = await context.db
    .selectFrom('cohort_member')
    .select('user_id')
    .where('id', '=', input.memberId)
    .where('cohort_id', '=', input.cohortId)
    .executeTakeFirst();
  if (member) context.realtime.endLiveMembership(input.cohortId, member.user_id);
}

async function rosterChange(
  db: Executor,
  input: {
    cohortId: string;
    actorId: string;
    appOrigin: string;
    action: z.infer<typeof RosterActionSchema>;
  },
): Promise<Toast> {
  const { cohortId, actorId, appOrigin, action } = input;
  switch (action.intent) {
    case 'withdraw': {
      const result = await withdrawMember(db, {
        cohortId,
        memberId: action.memberId,
        actorId,
        appOrigin,
      });
      return result.status === 'withdrawn'
        ? {
            kind: 'success',
            message: `${result.name} was withdrawn; their work is kept.${
              result.promoted.length > 0
                ? ` ${result.promoted.map((person) => person.name).join(', ')} moved from the waitlist into the seat.`
                : ''
            }`,
          }
        : result.status === 'last-facilitator'
          ? {
              kind: 'error',
              message: `${result.name} is the only facilitator; add another before withdrawing them.`,
            }
          : result.status === 'already-withdrawn'
            ? { kind: 'info', message: `${result.name} had already withdrawn.` }
            : { kind: 'error', message: 'That member is no longer on the roster.' };
    }
    case 'change-role': {
      const result = await changeMemberRole(db, {
        cohortId,
        memberId: action.memberId,
        role: action.role,
        actorId,
        appOrigin,
      });
      return result.status === 'changed'
        ? { kind: 'success', message: `${result.name} is now a ${action.role}.` }
        : result.status === 'unchanged'
          ? { kind: 'info', message: `${result.name} already is a ${action.role}.` }
          : result.status === 'no-seat'
            ? {
                kind: 'error',
                message: `The cohort is full, so ${result.name} cannot become a participant. Raise the capacity in Settings first.`,
              }
            : result.status === 'last-facilitator'
              ? {
                  kind: 'error',
                  message: `${result.name} is the only facilitator; add another first.`,
                }
              : { kind: 'error', message: 'That member is no longer on the roster.' };
    }
    case 'resend': {
      const result = await resendInvitation(db, {
        cohortId,
        invitationId: action.invitationId,
        actorId,
        appOrigin,
      });
      if (result.status === 'rate-limited') {
        return {
          kind: 'error',
          message: `You have sent as many invitations as an hour allows, so this one was not resent. Try again in ${describeWait(result.retryAfterSeconds)}.`,
        };
      }
      return result.status === 'resent'
        ? { kind: 'success', message: `A new invitation link is on its way to ${result.email}.` }
        : { kind: 'error', message: 'That invitation was already used or revoked.' };
    }
    case 'revoke': {
      const result = await revokeInvitation(db, {
        cohortId,
        invitationId: action.invitationId,
        actorId,
      });
      return result.status === 'revoked'
        ? {
            kind: 'success',
            message: `The invitation to ${result.email} was revoked; its link no longer works.`,
          }
        : { kind: 'error', message: 'That invitation was already used or revoked.' };
    }
  }
}

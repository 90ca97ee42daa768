import type { AppLoadContext } from '@remix-run/node';
import { data } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import {
  confirmationMismatch,
  newAccountFields,
  passwordsMatch,
} from '../auth/registration.server';
import { createAuthSession, getUser, serializeAuthCookie } from '../auth/session.server';
import { cookiesAreSecure } from '../env.server';
import { redirectWithToast } from '../utils/toast.server';
import { acceptInvitation, lookupInvitation, registerWithInvitation } from './invitations.server';
import { readFormData } from '../http/form.server';

export const InvitationActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('accept') }),
    z
      .object({ intent: z.literal('register'), ...newAccountFields })
      .refine(passwordsMatch, confirmationMismatch),
  ],
  { error: 'Use the button on the page to accept.' },
);

export interface InvitationPageReply {
  result: SubmissionResult<string[]>;
}

// a password is never sent back to the page
const hidden = { hideFields: ['password', 'confirmPassword'] };

const joinedMessage = (memberStatus: string, cohortName: string) =>
  memberStatus === 'waitlisted'
    ? `You are on the waitlist for ${cohortName}: every seat is taken right now. We will email you as soon as one opens.`
    : `Welcome to ${cohortName}!`;

const unusable = {
  expired: 'This invitation has expired.',
  revoked: 'This invitation was withdrawn by the facilitator.',
  used: 'This invitation has already been used.',
  unknown: 'This invitation link is not valid.',
  'wrong-account': 'This invitation was sent to another address.',
} as const;

/** Accepts for a signed-in person, or creates a newcomer's account and accepts, then lands in the cohort. */
export async function handleInvitationAction(
  context: AppLoadContext,
  request: Request,
  token: string,
) {
  const form = await readFormData(request);
  const lookup = await lookupInvitation(context.db, token);
  if (lookup.status !== 'valid') {
    throw await redirectWithToast(`/invitations/${encodeURIComponent(token)}`, {
      kind: 'error',
      message: unusable[lookup.status],
    });
  }
  const { invitation } = lookup;
  const submission = parseWithZod(form, { schema: InvitationActionSchema });
  if (submission.status !== 'success') {
    return data<InvitationPageReply>({ result: submission.reply(hidden) }, { status: 400 });
  }
  const value = submission.value;

  if (value.intent === 'accept') {
    const user = await getUser(context.db, request);
    if (!user) {
      throw await redirectWithToast(
        `/login?redirectTo=${encodeURIComponent(`/invitations/${encodeURIComponent(token)}`)}`,
        {
          kind: 'info',
          message: 'Sign in first, then accept the invitation.',
        },
      );
    }
    const accepted = await acceptInvitation(context.db, { token, userId: user.id });
    if (accepted.status === 'wrong-account') {
      // the page's loader explains whose invitation it is; nothing was changed
      return data<InvitationPageReply>(
        { result: submission.reply({ formErrors: [unusable['wrong-account']] }) },
        { status: 403 },
      );
    }
    if (accepted.status !== 'joined') {
      throw await redirectWithToast(`/invitations/${encodeURIComponent(token)}`, {
        kind: 'error',
        message: unusable[accepted.status],
      });
    }
    throw await redirectWithToast(`/cohorts/${accepted.cohortId}`, {
      kind: 'success',
      message: joinedMessage(accepted.memberStatus, invitation.cohortName),
    });
  }

  const registered = await registerWithInvitation(context.db, {
    token,
    name: value.name,
    password: value.password,
  });
  if (registered.status === 'account-exists') {
    return data<InvitationPageReply>(
      {
        result: submission.reply({
          ...hidden,
          formErrors: [
            `An account for ${invitation.email} already exists. Sign in to accept the invitation.`,
          ],
        }),
      },
      { status: 409 },
    );
  }
  if (registered.status !== 'joined') {
    throw await redirectWithToast(`/invitations/${encodeURIComponent(token)}`, {
      kind: 'error',
      message: unusable[registered.status],
    });
  }
  const authSessionId = await createAuthSession(context.db, {
    userId: registered.userId,
    userAgent: request.headers.get('user-agent'),
    ipAddress: context.clientIp,
  });
  throw await redirectWithToast(
    `/cohorts/${registered.cohortId}`,
    { kind: 'success', message: joinedMessage(registered.memberStatus, invitation.cohortName) },
    {
      headers: {
        'Set-Cookie': await serializeAuthCookie(authSessionId, {
          secure: cookiesAreSecure(context.env),
        }),
      },
    },
  );
}

import type { AppLoadContext } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { hashPassword } from '../auth/password.server';
import {
  confirmationMismatch,
  newAccountFields,
  passwordsMatch,
} from '../auth/registration.server';
import { createAuthSession, getUser, serializeAuthCookie } from '../auth/session.server';
import { cookiesAreSecure } from '../env.server';
import { redirectWithToast } from '../utils/toast.server';
import { findCohortByJoinCode, joinWithCode, registerWithJoinCode } from './join-code.server';
import { readFormData } from '../http/form.server';
import {
  checkRateLimit,
  describeWait,
  JOIN_CODE_GUESSES,
  recordRateLimitHit,
} from '../http/rate-limit.server';

export interface JoinPageReply {
  result: SubmissionResult<string[]>;
}

const EMAIL_MESSAGE = 'Enter an email address like name@school.org.';

export const JoinActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('join') }),
    z
      .object({
        intent: z.literal('register'),
        ...newAccountFields,
        email: z
          .string({ error: EMAIL_MESSAGE })
          .trim()
          .max(254, EMAIL_MESSAGE)
          .email(EMAIL_MESSAGE),
      })
      .refine(passwordsMatch, confirmationMismatch),
  ],
  { error: 'Use the button on the page to join.' },
);

// a password is never sent back to the page
const hidden = { hideFields: ['password', 'confirmPassword'] };

export const OTHER_ORGANIZATION =
  'This join link is for the people of the organization that runs the cohort. Ask its facilitator for an invitation.';

function welcome(memberStatus: string) {
  return memberStatus === 'waitlisted'
    ? 'Every seat is taken right now, so you are on the waitlist. We will email you when one opens.'
    : 'Welcome to the cohort!';
}

/**
 * The join page. Every code that opens nothing counts against the visitor's address; past
 * the limit every code is refused for a while, the right one too, or guessing would go on.
 */
export async function loadJoinPage(context: AppLoadContext, request: Request, code: string) {
  const limit = await checkRateLimit(context.db, JOIN_CODE_GUESSES, context.clientIp);
  if (!limit.allowed) {
    return data(
      {
        code,
        user: null,
        elsewhere: false,
        cohort: null,
        limited: { wait: describeWait(limit.retryAfterSeconds) },
      },
      { status: 429, headers: { 'Retry-After': String(limit.retryAfterSeconds) } },
    );
  }
  const [cohort, user] = await Promise.all([
    findCohortByJoinCode(context.db, code),
    getUser(context.db, request),
  ]);
  if (!cohort) await recordRateLimitHit(context.db, JOIN_CODE_GUESSES, context.clientIp);
  // a join code admits the cohort's own organization; a person of another one is told so (403)
  const elsewhere = Boolean(user && cohort && user.organizationId !== cohort.organizationId);
  return data(
    {
      code,
      user: user ? { name: user.name, email: user.email } : null,
      elsewhere,
      cohort: cohort
        ? {
            name: cohort.name,
            programTitle: cohort.programTitle,
            facilitatorName: cohort.facilitatorName,
            organizationName: cohort.organizationName,
            open: cohort.open,
          }
        : null,
      limited: null,
    },
    { status: elsewhere ? 403 : 200 },
  );
}

export async function handleJoinAction(context: AppLoadContext, request: Request, code: string) {
  const page = `/join/${encodeURIComponent(code)}`;
  // the page itself says how long to wait
  if (!(await checkRateLimit(context.db, JOIN_CODE_GUESSES, context.clientIp)).allowed) {
    throw redirect(page);
  }
  const wrongCode = () => recordRateLimitHit(context.db, JOIN_CODE_GUESSES, context.clientIp);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: JoinActionSchema });
  if (submission.status !== 'success') {
    return data<JoinPageReply>({ result: submission.reply(hidden) }, { status: 400 });
  }
  const value = submission.value;
  if (value.intent === 'join') {
    const user = await getUser(context.db, request);
    if (!user)
      throw await redirectWithToast(
        `/login?redirectTo=${encodeURIComponent(`/join/${encodeURIComponent(code)}`)}`,
        {
          kind: 'info',
          message: 'Sign in first, then join.',
        },
      );
    const joined = await joinWithCode(context.db, { code, userId: user.id });
    if (joined.status === 'unknown') await wrongCode();
    if (joined.status === 'other-organization') {
      // the page's loader explains it; nothing was changed
      return data<JoinPageReply>(
        { result: submission.reply({ formErrors: [OTHER_ORGANIZATION] }) },
        { status: 403 },
      );
    }
    if (joined.status !== 'joined') {
      throw await redirectWithToast(`/join/${encodeURIComponent(code)}`, {
        kind: 'error',
        message:
          joined.status === 'closed'
            ? 'This cohort is no longer taking new members.'
            : 'This join link is not valid.',
      });
    }
    throw await redirectWithToast(`/cohorts/${joined.cohortId}`, {
      kind: 'success',
      message: welcome(joined.memberStatus),
    });
  }

  const refuse = (message: string) => ({
    result: submission.reply({ ...hidden, formErrors: [message] }),
  });
  const registered = await registerWithJoinCode(context.db, {
    code,
    name: value.name,
    email: value.email,
    passwordHash: await hashPassword(value.password),
  });
  if (registered.status === 'account-exists') {
    return data<JoinPageReply>(
      refuse('An account with that email already exists. Sign in, then use the join link again.'),
      { status: 409 },
    );
  }
  if (registered.status === 'unknown') await wrongCode();
  if (registered.status !== 'joined') {
    return data<JoinPageReply>(
      refuse(
        registered.status === 'closed'
          ? 'This cohort is no longer taking new members.'
          : 'This join link is not valid.',
      ),
      { status: 400 },
    );
  }
  const authSessionId = await createAuthSession(context.db, {
    userId: registered.userId,
    userAgent: request.headers.get('user-agent'),
    ipAddress: context.clientIp,
  });
  throw await redirectWithToast(
    `/cohorts/${registered.cohortId}`,
    { kind: 'success', message: welcome(registered.memberStatus) },
    {
      headers: {
        'Set-Cookie': await serializeAuthCookie(authSessionId, {
          secure: cookiesAreSecure(context.env),
        }),
      },
    },
  );
}

import type { AppLoadContext } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { DB } from '../../db/db.server';
import { DEMO_PASSWORD, demoAccounts, hasDemoData } from '../../db/seed';
import { cookiesAreSecure } from '../env.server';
import { safeRedirect } from '../utils/redirect';
import { readAuthSessionId, serializeAuthCookie } from './session.server';
import { SignInSchema, signIn } from './sign-in.server';
import { readFormData } from '../http/form.server';
import { describeWait } from '../http/rate-limit.server';

/** what a deactivated person is told, once they have typed the right password */
export const DEACTIVATED_SIGN_IN_MESSAGE =
  'Your organization has deactivated this account, so it cannot sign in. If you think this is a mistake, ask your organization’s Cadre admin to reactivate it.';

export interface SignInReply {
  /** the form's answer; a refusal is a form-level error, the password is never sent back */
  result: SubmissionResult;
  /** where the organization's single sign-on buttons are, when its password sign-in is off */
  ssoHref?: string;
}

type SubmitOutcome =
  | { status: 'signed-in'; redirectTo: string; cookie: string }
  | {
      status: 'rejected';
      reply: SignInReply;
      httpStatus: 400 | 401 | 403 | 429;
      headers?: Record<string, string>;
    };

/** The sign-in form's action: validate, rate-limit, check the password, rotate the session. */
export async function submitSignIn(
  context: AppLoadContext,
  request: Request,
): Promise<SubmitOutcome> {
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: SignInSchema });
  const hidden = { hideFields: ['password'] };
  if (submission.status !== 'success') {
    return { status: 'rejected', httpStatus: 400, reply: { result: submission.reply(hidden) } };
  }
  const parsed = submission.value;
  const refuse = (formError: string) => ({
    result: submission.reply({ ...hidden, formErrors: [formError] }),
  });

  const result = await signIn(context.db, {
    email: parsed.email,
    password: parsed.password,
    ipAddress: context.clientIp,
    userAgent: request.headers.get('user-agent'),
    previousAuthSessionId: await readAuthSessionId(request.headers.get('Cookie')),
  });

  if (result.status === 'rate-limited') {
    const wait = describeWait(result.retryAfterSeconds);
    return {
      status: 'rejected',
      httpStatus: 429,
      headers: { 'Retry-After': String(result.retryAfterSeconds) },
      reply: refuse(
        result.scope === 'pair'
          ? `Too many wrong passwords for this email from your network. Try again in ${wait}. Or choose a new password with “Forgot your password?” below.`
          : `Too many failed sign-ins from your network. Try again in ${wait}. Or choose a new password with “Forgot your password?” below.`,
      ),
    };
  }
  if (result.status === 'deactivated') {
    return {
      status: 'rejected',
      httpStatus: 403,
      reply: refuse(DEACTIVATED_SIGN_IN_MESSAGE),
    };
  }
  if (result.status === 'invalid') {
    return {
      status: 'rejected',
      httpStatus: 401,
      reply: refuse('That email and password do not match an account. Check both and try again.'),
    };
  }
  if (result.status === 'password-sign-in-off') {
    const redirectTo = safeRedirect(form.get('redirectTo'));
    const query = new URLSearchParams({ org: result.organizationSlug });
    if (redirectTo !== '/') query.set('redirectTo', redirectTo);
    return {
      status: 'rejected',
      httpStatus: 403,
      reply: {
        ...refuse(
          `${result.organizationName} signs its people in with single sign-on, not a password. Use your organization’s sign-in button instead.`,
        ),
        ssoHref: `/login?${query.toString()}`,
      },
    };
  }
  return {
    status: 'signed-in',
    redirectTo: safeRedirect(form.get('redirectTo')),
    cookie: await serializeAuthCookie(result.authSessionId, {
      secure: cookiesAreSecure(context.env),
    }),
  };
}

/** The demo accounts listed on the sign-in page, only while the demo organization exists. */
export async function getDemoAccounts(db: DB) {
  if (!(await hasDemoData(db))) return null;
  return {
    password: DEMO_PASSWORD,
    accounts: [
      { label: 'Org admin', email: demoAccounts.admin },
      { label: 'Facilitator', email: demoAccounts.facilitator },
      { label: 'Coach', email: demoAccounts.coach },
      {
        label: 'Participants',
        email: `${demoAccounts.participant(1)} … participant18@demo.cadre.test`,
      },
    ],
  };
}

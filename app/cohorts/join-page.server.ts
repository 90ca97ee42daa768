import type { AppLoadContext } from '@remix-run/node';
import { data } from '@remix-run/node';
import { z } from 'zod';
import { hashPassword } from '../auth/password.server';
import {
  newAccountErrors,
  NewAccountSchema,
  type NewAccountErrors,
} from '../auth/registration.server';
import { createAuthSession, getUser, serializeAuthCookie } from '../auth/session.server';
import { cookiesAreSecure } from '../env.server';
import { redirectWithToast } from '../utils/toast.server';
import { joinWithCode, registerWithJoinCode } from './join-code.server';
import { readFormData } from '../http/form.server';

export interface JoinPageReply {
  errors: NewAccountErrors & { email?: string };
  name: string;
  email: string;
}

const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .email('Enter an email address like name@school.org.');

function welcome(memberStatus: string) {
  return memberStatus === 'waitlisted'
    ? 'Every seat is taken right now, so you are on the waitlist. We will email you when one opens.'
    : 'Welcome to the cohort!';
}

export async function handleJoinAction(context: AppLoadContext, request: Request, code: string) {
  const form = await readFormData(request);
  if (form.get('intent') === 'join') {
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

  const typed = {
    name: String(form.get('name') ?? '').slice(0, 100),
    email: String(form.get('email') ?? '').slice(0, 254),
  };
  const account = NewAccountSchema.safeParse({
    name: form.get('name'),
    password: form.get('password'),
    confirmPassword: form.get('confirmPassword'),
  });
  const email = EmailSchema.safeParse(form.get('email'));
  if (!account.success || !email.success) {
    const errors: JoinPageReply['errors'] = account.success ? {} : newAccountErrors(account.error);
    if (!email.success) errors.email = 'Enter an email address like name@school.org.';
    return data<JoinPageReply>({ errors, ...typed }, { status: 400 });
  }
  const registered = await registerWithJoinCode(context.db, {
    code,
    name: account.data.name,
    email: email.data,
    passwordHash: await hashPassword(account.data.password),
  });
  if (registered.status === 'account-exists') {
    return data<JoinPageReply>(
      {
        errors: {
          form: 'An account with that email already exists. Sign in, then use the join link again.',
        },
        ...typed,
      },
      { status: 409 },
    );
  }
  if (registered.status !== 'joined') {
    return data<JoinPageReply>(
      {
        errors: {
          form:
            registered.status === 'closed'
              ? 'This cohort is no longer taking new members.'
              : 'This join link is not valid.',
        },
        ...typed,
      },
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

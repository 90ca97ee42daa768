import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { data } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { z } from 'zod';
import { confirmEmailChange, lookupEmailChange } from '~/account/email-change.server';
import { getUser } from '~/auth/session.server';
import { SubmissionAlert } from '~/components/forms';
import { readFormData } from '~/http/form.server';
import { redirectWithToast } from '~/utils/toast.server';

export const meta: MetaFunction = () => [{ title: 'Confirm your new email address · Cadre' }];

// the page is opened by a secret link: no cache keeps it
const noStore = { 'Cache-Control': 'no-store' };

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => ({
  'Cache-Control':
    actionHeaders.get('Cache-Control') ?? loaderHeaders.get('Cache-Control') ?? 'no-store',
});

export async function loader({ params, context }: LoaderFunctionArgs) {
  // opening the link changes nothing: mail scanners open links too
  const lookup = await lookupEmailChange(context.db, params.token ?? '');
  return data(lookup, { status: lookup.status === 'valid' ? 200 : 410, headers: noStore });
}

// the token in the address is the proof; a post with no fields confirms, as it always has
const ConfirmEmailSchema = z.object({
  confirm: z
    .literal('yes', {
      error: 'That confirmation was not understood, so nothing changed. Use the button below.',
    })
    .optional(),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: ConfirmEmailSchema });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400, headers: noStore });
  }
  const outcome = await confirmEmailChange(context, request, params.token ?? '');
  if (outcome.status === 'changed') {
    const signedIn = await getUser(context.db, request);
    throw await redirectWithToast(signedIn ? '/me/account/email' : '/login', {
      kind: 'success',
      message: `Your account now uses ${outcome.newEmail}.${signedIn ? '' : ' Sign in with it.'}`,
    });
  }
  return data({ outcome: outcome.status }, { status: 410, headers: noStore });
}

const problems = {
  expired: {
    title: 'This confirmation link has expired',
    text: 'Links work for 24 hours. Ask for the change again from your account page; your address has not changed.',
  },
  used: {
    title: 'This confirmation link has already been used',
    text: 'Each link works once. Your account page shows the address it uses now.',
  },
  unknown: {
    title: 'This confirmation link is not valid',
    text: 'The link may be incomplete, or a newer request replaced it: use the link in the newest email, or ask again from your account page.',
  },
  spent: {
    title: 'This confirmation link no longer works',
    text: 'It was used, expired or replaced by a newer request. Your account page shows the address it uses now.',
  },
  taken: {
    title: 'That address now belongs to another account',
    text: 'Your address has not changed. Choose another one from your account page.',
  },
} as const;

export default function ConfirmEmailPage() {
  const lookup = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const problem =
    reply && 'outcome' in reply
      ? problems[reply.outcome]
      : lookup.status === 'valid'
        ? null
        : problems[lookup.status];
  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="confirm-email-title">
        {problem ? (
          <>
            <h1 id="confirm-email-title">{problem.title}</h1>
            <p>{problem.text}</p>
            <p>
              <Link to="/me/account/email" className="button button--primary">
                Open your account
              </Link>
            </p>
          </>
        ) : (
          <>
            <h1 id="confirm-email-title">Confirm your new email address</h1>
            <p>
              Your Cadre account will sign in with{' '}
              <strong>{lookup.status === 'valid' ? lookup.newEmail : ''}</strong>, and Cadre&apos;s
              emails will go there. Your old address is told about the change.
            </p>
            <SubmissionAlert result={reply && 'result' in reply ? reply.result : null} />
            <Form method="post">
              <input type="hidden" name="confirm" value="yes" />
              <button
                type="submit"
                className="button button--primary button--wide"
                disabled={submitting}
              >
                {submitting ? 'Confirming…' : 'Use this address'}
              </button>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}

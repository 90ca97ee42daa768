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
import { emailCategoryLabels } from '~/account/email-categories';
import { readUnsubscribeToken, unsubscribeByToken } from '~/account/email-preferences.server';
import { SubmissionAlert } from '~/components/forms';
import { readFormData } from '~/http/form.server';

export const meta: MetaFunction = () => [{ title: 'Unsubscribe · Cadre' }];

const noStore = { 'Cache-Control': 'no-store' };

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => ({
  'Cache-Control':
    actionHeaders.get('Cache-Control') ?? loaderHeaders.get('Cache-Control') ?? 'no-store',
});

function describe(found: { category: keyof typeof emailCategoryLabels; email: string }) {
  return { title: emailCategoryLabels[found.category].title, email: found.email };
}

/** a GET only asks: mail scanners open links, and only a POST unsubscribes */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await readUnsubscribeToken(context.db, params.token ?? '');
  if (!found) return data({ valid: false as const }, { status: 404, headers: noStore });
  return data(
    { valid: true as const, ...describe(found), subscribed: found.subscribed },
    { headers: noStore },
  );
}

// RFC 8058's body, which the page's button sends too; an empty post still unsubscribes
const UnsubscribeSchema = z.object({
  'List-Unsubscribe': z
    .literal('One-Click', {
      error: 'That request was not understood, so nothing changed. Use the button below.',
    })
    .optional(),
});

/**
 * The one-click unsubscribe of RFC 8058, and the page's button: no session or cookie is
 * needed, the signed token is the proof, and doing it twice answers the same.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: UnsubscribeSchema });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400, headers: noStore });
  }
  const done = await unsubscribeByToken(context.db, params.token ?? '');
  if (!done) return data({ valid: false as const }, { status: 404, headers: noStore });
  return data({ valid: true as const, ...describe(done), done: true }, { headers: noStore });
}

export default function UnsubscribePage() {
  const lookup = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const answered = reply && 'valid' in reply ? reply : null;
  const state = answered ?? lookup;
  return (
    <div className="auth-layout">
      <section className="card auth-card" aria-labelledby="unsubscribe-title">
        {!state.valid ? (
          <>
            <h1 id="unsubscribe-title">This unsubscribe link is not valid</h1>
            <p>
              It may be incomplete: copy all of it from the email. You can also choose which emails
              you get from your account.
            </p>
          </>
        ) : answered?.valid || (lookup.valid && !lookup.subscribed) ? (
          <>
            <h1 id="unsubscribe-title">You are unsubscribed</h1>
            <p role="status">
              {`${state.email} no longer gets “${state.title}” emails. You still see these notifications in Cadre.`}
            </p>
          </>
        ) : (
          <>
            <h1 id="unsubscribe-title">{`Stop “${state.title}” emails?`}</h1>
            <p>
              {`${state.email} will no longer get “${state.title}” emails from Cadre. You still see these notifications in Cadre, and you can turn the emails back on from your account.`}
            </p>
            <SubmissionAlert result={reply && 'result' in reply ? reply.result : null} />
            <Form method="post">
              <input type="hidden" name="List-Unsubscribe" value="One-Click" />
              <button
                type="submit"
                className="button button--primary button--wide"
                disabled={submitting}
              >
                {submitting ? 'Unsubscribing…' : 'Unsubscribe'}
              </button>
            </Form>
          </>
        )}
        <p>
          <Link to="/me/account/notifications">Choose which emails you get</Link>
        </p>
      </section>
    </div>
  );
}

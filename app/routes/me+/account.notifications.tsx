import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireAccount } from '~/account/account.server';
import { emailCategories, emailCategoryLabels } from '~/account/email-categories';
import { getEmailPreferences, submitEmailPreferences } from '~/account/email-preferences.server';
import { redirectWithToast } from '~/utils/toast.server';

export const meta: MetaFunction = () => [{ title: 'Email preferences · My account · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireAccount(context, request);
  return { preferences: await getEmailPreferences(context.db, user.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireAccount(context, request);
  const outcome = await submitEmailPreferences(context, request, user);
  if (outcome.status === 'saved') {
    throw await redirectWithToast('/me/account/notifications', {
      kind: outcome.changed ? 'success' : 'info',
      message: outcome.changed ? 'Your email preferences are saved.' : 'Nothing had changed.',
    });
  }
  return data({ result: outcome.result }, { status: 400 });
}

export default function EmailPreferencesPage() {
  const { preferences } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const submitting = useNavigation().state === 'submitting';
  const [form, fields] = useForm<Record<(typeof emailCategories)[number], string>>({
    lastResult: reply?.result,
  });
  return (
    <section className="card" aria-labelledby="preferences-title">
      <h2 id="preferences-title">Email preferences</h2>
      <p className="muted">
        In-app notifications always appear. These choices decide which of them also come by email.
        Invitations, password resets and address confirmations always come.
      </p>
      <Form method="post" className="form" {...getFormProps(form)}>
        {form.errors?.length ? (
          <div className="alert alert--error" role="alert" id={form.errorId}>
            {form.errors[0]}
          </div>
        ) : null}
        <input type="hidden" name="intent" value="save" />
        {emailCategories.map((category) => {
          const error = fields[category].errors?.[0];
          return (
            <fieldset
              className="choices"
              key={category}
              aria-describedby={`pref-${category}-hint${error ? ` pref-${category}-error` : ''}`}
            >
              <legend>{emailCategoryLabels[category].title}</legend>
              <p className="muted" id={`pref-${category}-hint`}>
                {emailCategoryLabels[category].description}
              </p>
              <div className="choice">
                <input
                  type="radio"
                  id={`pref-${category}-on`}
                  name={category}
                  value="on"
                  defaultChecked={preferences[category]}
                />
                <label htmlFor={`pref-${category}-on`}>Email me</label>
              </div>
              <div className="choice">
                <input
                  type="radio"
                  id={`pref-${category}-off`}
                  name={category}
                  value="off"
                  defaultChecked={!preferences[category]}
                />
                <label htmlFor={`pref-${category}-off`}>Don&apos;t email me</label>
              </div>
              {error ? (
                <p className="field-error" id={`pref-${category}-error`}>
                  {error}
                </p>
              ) : null}
            </fieldset>
          );
        })}
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Saving…' : 'Save preferences'}
        </button>
      </Form>
    </section>
  );
}

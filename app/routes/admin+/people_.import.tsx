import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { SubmissionAlert } from '~/components/forms';
import { ImportPreview } from '~/components/import-preview';
import { newIdempotencyKey } from '~/http/idempotency.server';
import { requireDirectoryAdmin } from '~/people/directory.server';
import { handlePeopleImport, PEOPLE_CSV_HEADER } from '~/people/people-import.server';

export const meta: MetaFunction = () => [{ title: 'Import people · People · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireDirectoryAdmin(context.db, request);
  return { idempotencyKey: newIdempotencyKey(), header: PEOPLE_CSV_HEADER };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const reply = await handlePeopleImport(context, request);
  if (reply.step === 'preview') return reply;
  if (reply.retryAfterSeconds) {
    return data(reply, {
      status: 429,
      headers: { 'Retry-After': String(reply.retryAfterSeconds) },
    });
  }
  // an upload refused part-way leaves unread bytes on the socket: close it rather than reuse it
  return data(reply, {
    status: 400,
    headers: reply.unreadBody ? { Connection: 'close' } : undefined,
  });
}

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  for (const name of ['Connection', 'Retry-After']) {
    const value = actionHeaders.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
};

const fateLabels = {
  create: 'New account',
  update: 'Update',
  unchanged: 'No change',
  invalid: 'Cannot import',
  duplicate: 'Duplicate in the file',
} as const;

export default function ImportPeoplePage() {
  const { idempotencyKey, header } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';

  const intro = (
    <header className="page-header">
      <p className="eyebrow">
        <Link to="/admin/people">People</Link>
      </p>
      <h1>Import people</h1>
      <p className="lead">
        Adds new people (each gets an email to set a password) and updates people who already have
        an account: educator id, membership and marks. You see every row’s fate before anything is
        written.
      </p>
    </header>
  );

  if (reply?.step === 'preview') {
    const writable = reply.counts.create + reply.counts.update;
    return (
      <div className="stack">
        {intro}
        <ImportPreview
          title="Check the file before importing"
          summary={
            <>
              {reply.counts.create} new, {reply.counts.update} to update, {reply.counts.unchanged}{' '}
              unchanged, {reply.counts.invalid + reply.counts.duplicate} that cannot be imported.
              Nothing has been written yet.
            </>
          }
          caption="Import preview, one row per line of your file"
          rows={reply.rows}
          fateLabels={fateLabels}
          confirm={
            writable > 0
              ? {
                  fields: { intent: 'confirm', idempotencyKey, payload: reply.payload },
                  label: `Import ${writable} ${writable === 1 ? 'person' : 'people'}`,
                  busyLabel: 'Importing…',
                  busy,
                }
              : null
          }
          nothingToDo="Nothing in this file would change anyone."
        />
      </div>
    );
  }

  return (
    <div className="stack">
      {intro}
      <ImportInput header={header} reply={reply?.step === 'input' ? reply : null} />
    </div>
  );
}

type InputReply = Extract<
  NonNullable<ReturnType<typeof useActionData<typeof action>>>,
  { step: 'input' }
>;

function ImportInput({ header, reply }: { header: string; reply: InputReply | null }) {
  const busy = useNavigation().state === 'submitting';
  // validated on the server only; the alert above the form says what was refused
  const [form, fields] = useForm<{ intent: string; people: File }>({
    id: 'people-import',
    lastResult: reply?.result,
  });
  return (
    <>
      <SubmissionAlert result={reply?.result} id="import-error" />
      <section className="card" aria-labelledby="csv-title">
        <h2 id="csv-title">Choose a CSV file</h2>
        <Form
          method="post"
          encType="multipart/form-data"
          className="form form--narrow"
          {...getFormProps(form)}
        >
          <input type="hidden" name={fields.intent.name} value="preview" />
          <div className="field">
            <label htmlFor="people">CSV file</label>
            <input
              id="people"
              name={fields.people.name}
              type="file"
              accept=".csv,text/csv"
              required
              aria-invalid={fields.people.errors ? true : undefined}
              aria-describedby={reply ? 'import-error people-hint' : 'people-hint'}
            />
            <div className="muted" id="people-hint">
              <p>
                A header row <code>{header}</code>; only email is required. Commas or semicolons;
                saved as “CSV UTF-8”. Up to 500 people, 1 MB.
              </p>
              <p>
                <strong>member</strong>: yes (a member from today) or no (a current membership ends
                yesterday); empty leaves it as it is. <strong>role</strong>: participant, coach,
                author or paraprofessional, several joined with “/”; roles only add marks.
              </p>
            </div>
          </div>
          <button type="submit" className="button button--primary" disabled={busy}>
            Preview
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

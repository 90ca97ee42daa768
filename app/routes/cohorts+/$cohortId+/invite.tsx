import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { handleInvite } from '~/cohorts/invite-actions.server';
import { getInvitePlanContext } from '~/cohorts/invitations.server';
import { newIdempotencyKey } from '~/http/idempotency.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { ImportPreview } from '~/components/import-preview';
import { SelectField, SubmissionAlert, TextField } from '~/components/forms';

export const meta: MetaFunction = () => [{ title: 'Invite educators · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'administer');
  const plan = await getInvitePlanContext(context.db, cohort.id);
  return {
    seatsLeft: plan.seatsLeft,
    capacity: plan.capacity,
    idempotencyKey: newIdempotencyKey(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const reply = await handleInvite(context, request, params.cohortId);
  if (reply.step === 'preview') return reply;
  // an upload refused part-way leaves unread bytes on the socket: close it rather than reuse it
  if (reply.retryAfterSeconds) {
    return data(reply, {
      status: 429,
      headers: { 'Retry-After': String(reply.retryAfterSeconds) },
    });
  }
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
  invite: 'Invite',
  waitlist: 'Invite → waitlist',
  'already-member': 'Already a member',
  'already-invited': 'Already invited',
  duplicate: 'Duplicate in the list',
  'invalid-email': 'Invalid email',
} as const;

export default function InvitePage() {
  const { idempotencyKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';

  if (reply?.step === 'preview') {
    const sendable = reply.counts.invite + reply.counts.waitlist;
    return (
      <ImportPreview
        title="Check the list before sending"
        summary={
          <>
            {sendable} of {reply.rows.length} {reply.rows.length === 1 ? 'row' : 'rows'} will get an
            invitation
            {reply.counts.waitlist > 0
              ? `; ${reply.counts.waitlist} of them will join the waitlist, because only ${reply.seatsLeft} seat${reply.seatsLeft === 1 ? ' is' : 's are'} left`
              : ''}
            . Nothing has been sent yet.
          </>
        }
        caption="Invitation preview, one row per line of your list"
        regionLabel="Invitation preview"
        rows={reply.rows}
        fateLabels={fateLabels}
        markFates
        confirm={
          sendable > 0
            ? {
                fields: {
                  intent: 'confirm',
                  idempotencyKey,
                  role: reply.role,
                  payload: reply.payload,
                },
                label: `Send ${sendable} invitation${sendable === 1 ? '' : 's'}`,
                busyLabel: 'Sending…',
                busy,
              }
            : null
        }
        nothingToDo="Nobody on this list can be invited."
      />
    );
  }

  return <InviteInput reply={reply?.step === 'input' ? reply : null} />;
}

type InputReply = Extract<
  NonNullable<ReturnType<typeof useActionData<typeof action>>>,
  { step: 'input' }
>;

/** the two ways to bring a list: pasted addresses or a CSV file, each previewed first */
function InviteInput({ reply }: { reply: InputReply | null }) {
  const { seatsLeft, capacity } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === 'submitting';
  // validated on the server only; the page's one alert says what was refused
  const [pasteForm, paste] = useForm<{ intent: string; emails: string; role: string }>({
    id: 'invite-paste',
    lastResult: reply?.result,
  });
  const [fileForm, file] = useForm<{ intent: string; roster: File; role: string }>({
    id: 'invite-file',
    lastResult: reply?.result,
  });
  const refused = reply !== null;
  const describedBy = (hint: string) => (refused ? `invite-error ${hint}` : hint);
  return (
    <div className="stack">
      <p className="muted">
        {seatsLeft > 0
          ? `${seatsLeft} of ${capacity} seats are free (open invitations hold a seat). People invited beyond that join the waitlist in order.`
          : `All ${capacity} seats are taken or held by open invitations; new invitees join the waitlist in order.`}
      </p>
      <SubmissionAlert result={reply?.result} id="invite-error" />
      <div className="two-column two-column--even">
        <section className="card" aria-labelledby="paste-title">
          <h2 id="paste-title">Paste email addresses</h2>
          <Form method="post" className="form" {...getFormProps(pasteForm)}>
            <input type="hidden" name={paste.intent.name} value="preview" />
            <div className="field">
              <label htmlFor="emails">Addresses, one per line or separated by commas</label>
              <textarea
                id="emails"
                name={paste.emails.name}
                rows={10}
                defaultValue={reply?.emails ?? ''}
                aria-invalid={paste.emails.errors ? true : undefined}
                aria-describedby={describedBy('emails-hint')}
                placeholder={'maria.lopez@district.org\nDaniel Kim <dkim@district.org>'}
              />
              <p className="muted" id="emails-hint">
                You can paste straight from a spreadsheet or an email. “Name &lt;address&gt;” keeps
                the name.
              </p>
            </div>
            <RoleField
              id="role-paste"
              name={paste.role.name}
              defaultValue={paste.role.initialValue}
              error={paste.role.errors?.[0]}
            />
            <button type="submit" className="button button--primary" disabled={busy}>
              Preview
            </button>
          </Form>
        </section>
        <section className="card" aria-labelledby="csv-title">
          <h2 id="csv-title">Import a CSV roster</h2>
          <Form
            method="post"
            encType="multipart/form-data"
            className="form"
            {...getFormProps(fileForm)}
          >
            <input type="hidden" name={file.intent.name} value="preview" />
            <TextField
              id="roster"
              name={file.roster.name}
              label="CSV file"
              type="file"
              accept=".csv,text/csv"
              required
              hint={
                <>
                  A header row with <code>name,email</code> and optionally{' '}
                  <code>state educator id</code>. Commas or semicolons; saved as “CSV UTF-8”. Up to
                  500 people, 1 MB.
                </>
              }
              // refusals are read from the alert above both forms, not under the field
              aria-invalid={file.roster.errors ? true : undefined}
              aria-describedby={describedBy('roster-hint')}
            />
            <RoleField
              id="role-csv"
              name={file.role.name}
              defaultValue={file.role.initialValue}
              error={file.role.errors?.[0]}
            />
            <button type="submit" className="button button--primary" disabled={busy}>
              Preview
            </button>
          </Form>
        </section>
      </div>
    </div>
  );
}

function RoleField({
  id,
  name,
  defaultValue,
  error,
}: {
  id: string;
  name: string;
  defaultValue?: string;
  error?: string;
}) {
  return (
    <SelectField
      id={id}
      name={name}
      label="Invite them as"
      defaultValue={defaultValue ?? 'participant'}
      error={error}
    >
      <option value="participant">Participants</option>
      <option value="coach">Coaches</option>
      <option value="facilitator">Co-facilitators</option>
    </SelectField>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { loadPermsPage, submitPermsExport } from '~/act48/pages.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { ScrollRegion } from '~/components/scroll-region';

export const meta: MetaFunction = () => [{ title: 'PERMS upload · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadPermsPage(context, request);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { result, status } = await submitPermsExport(context, request);
  return data({ result }, { status });
}

export default function PermsUploadPage() {
  const { organization, readyCount, unsent, batches } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{ confirm: string }>({
    lastResult: reply?.result,
  });
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">
          <Link to="/admin/act48">Act 48 and Chapter 14</Link>
        </p>
        <h1>PERMS upload</h1>
        <p className="lead">
          Act 48 hours not yet sent to PERMS, oldest first, one row per educator and credit, for
          provider {organization.providerNumber ?? '(no provider number set)'}. Paraprofessionals’
          hours are Chapter 14 hours and are not sent.
        </p>
      </header>

      <section className="card" aria-labelledby="export-title">
        <h2 id="export-title">Export</h2>
        <p>
          {readyCount === 0
            ? 'No entry is ready to send.'
            : `${readyCount} ${readyCount === 1 ? 'entry is' : 'entries are'} ready to send.`}
        </p>
        <p>
          <a href="/admin/act48/perms.csv" className="button button--quiet" download>
            Download the file without marking
          </a>
        </p>
        {readyCount > 0 ? (
          <Form method="post" reloadDocument className="form form--narrow" {...getFormProps(form)}>
            <div className="field">
              <label className="choice" htmlFor={fields.confirm.id}>
                <input
                  type="checkbox"
                  id={fields.confirm.id}
                  name={fields.confirm.name}
                  value="mark-sent"
                  required
                  aria-invalid={fields.confirm.errors ? true : undefined}
                  aria-describedby={
                    fields.confirm.errors ? `${fields.confirm.id}-error` : undefined
                  }
                />
                I am uploading this file to PERMS: mark these {readyCount} entries as sent
              </label>
              {fields.confirm.errors ? (
                <p className="field-error" id={`${fields.confirm.id}-error`}>
                  {fields.confirm.errors[0]}
                </p>
              ) : null}
              <p className="muted">
                A mark cannot be taken back. Entries marked sent leave this list; reload the page
                after the download to see the new batch.
              </p>
            </div>
            <button type="submit" className="button button--primary">
              Download and mark as sent
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card" aria-labelledby="unsent-title">
        <h2 id="unsent-title">Not yet sent</h2>
        {unsent.length === 0 ? (
          <p className="muted">Every Act 48 entry has been sent.</p>
        ) : (
          <ScrollRegion label="Entries not yet sent">
            <table className="table">
              <caption className="sr-only">Act 48 entries not yet sent to PERMS</caption>
              <thead>
                <tr>
                  <th scope="col">Educator</th>
                  <th scope="col">Cohort</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Completed</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {unsent.map((entry) => (
                  <tr key={entry.id}>
                    <th scope="row">
                      <Link to={`/cohorts/${entry.cohortId}/hours/${entry.userId}`}>
                        {entry.name}
                      </Link>
                    </th>
                    <td>{entry.cohortName}</td>
                    <td>
                      {entry.hoursLabel} <span className="muted">{entry.sourceLabel}</span>
                    </td>
                    <td>{entry.completedOn}</td>
                    <td>
                      {entry.problem ? (
                        <span className="badge badge--warn">{`Not ready: ${entry.problem}`}</span>
                      ) : (
                        <span className="badge">Ready</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section className="card" aria-labelledby="batches-title">
        <h2 id="batches-title">Sent batches</h2>
        {batches.length === 0 ? (
          <p className="muted">Nothing has been sent to PERMS yet.</p>
        ) : (
          <ul className="people-list" aria-label="Batches sent to PERMS, newest first">
            {batches.map((batch) => (
              <li key={batch.id}>
                <span className="people-list__name">
                  {batch.sentAtLabel}: {batch.entryCount}{' '}
                  {batch.entryCount === 1 ? 'entry' : 'entries'}
                  {batch.sentBy ? ` by ${batch.sentBy}` : ''}
                </span>
                <a href={`/admin/act48/perms/${batch.id}.csv`} download>
                  File
                  <span className="sr-only"> of the batch sent {batch.sentAtLabel}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

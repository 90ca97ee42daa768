import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { getUser } from '~/auth/session.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { getLearnerRecord } from '~/credentials/clr.server';
import { issuerOrigin } from '~/credentials/origin.server';
import { formatHours } from '~/hours/ledger.server';
import { notFound } from '~/permissions/permissions.server';
import { formatDay } from '~/utils/dates';

export const meta: MetaFunction = () => [{ title: 'Learner record · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getUser(context.db, request);
  const record = await getLearnerRecord(context.db, { recordId: params.recordId, viewer });
  if (!record) notFound('No learner record has this address. Check the link you were given.');
  const origin = issuerOrigin(request, context.env);
  const { files: _files, ...shown } = record;
  return {
    record: {
      ...shown,
      issuedLabel: formatDay(record.issuedAt, record.timezone),
      hoursLabel: formatHours(record.hours),
    },
    issuerUrl: `${origin}/issuers/${record.issuer.slug}`,
  };
}

export default function LearnerRecordPage() {
  const { record, issuerUrl } = useLoaderData<typeof loader>();
  const genuine = record.verification.signatureValid && record.verification.matchesDocument;
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Comprehensive Learner Record · CLR 2.0</p>
        <h1>Learner record{record.learnerName ? ` of ${record.learnerName}` : ''}</h1>
        <p className="lead">
          Issued by <a href={issuerUrl}>{record.issuer.name}</a> on {record.issuedLabel}.
        </p>
      </header>
      <section className="card" aria-labelledby="check-title">
        <h2 id="check-title">Verification</h2>
        <p>
          <span className={`badge ${genuine ? 'badge--ok' : 'badge--danger'}`}>
            {genuine ? 'Signature verified' : 'Signature does not verify'}
          </span>{' '}
          {genuine
            ? `Signed by ${record.issuer.name} with the key published at ${issuerUrl}/jwks.json.`
            : 'This copy does not match what the issuer signed. Do not rely on it.'}
        </p>
        <dl className="facts">
          <div>
            <dt>Open Badges</dt>
            <dd>{record.credentialCount}</dd>
          </div>
          <div>
            <dt>Hours</dt>
            <dd>{record.hoursLabel}</dd>
          </div>
        </dl>
      </section>
      {record.mayDownload ? (
        <section className="card" aria-labelledby="files-title">
          <h2 id="files-title">Hand it on</h2>
          <p>
            A 1EdTech CLR 2.0 credential holding each Open Badge as signed and the hours by cohort.
            Give the JWT to a wallet or an employer; the JSON carries the same record with a Data
            Integrity proof.
          </p>
          <div className="actions-row">
            <a className="button" href={`/learner-records/${record.id}.jwt`}>
              Signed JWT
            </a>
            <a className="button" href={`/learner-records/${record.id}.json`}>
              Signed JSON
            </a>
          </div>
        </section>
      ) : (
        <p className="muted">Only the learner and their organization can download the record.</p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { getCertificateVerification } from '~/certificates/certificates.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { formatHours } from '~/hours/ledger.server';
import { notFound } from '~/permissions/permissions.server';
import { formatDateRange, formatDay } from '~/utils/dates';

export const meta: MetaFunction = () => [{ title: 'Certificate check · Cadre' }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const certificate = await getCertificateVerification(context.db, params.certificateId);
  if (!certificate) notFound('No certificate has this number. Check the address printed on it.');
  return {
    certificate: {
      ...certificate,
      hoursLabel: formatHours(certificate.hours),
      dates: formatDateRange(certificate.startsOn, certificate.endsOn),
      completedOn: formatDay(certificate.awardedAt, certificate.timezone),
    },
  };
}

export default function CertificateCheckPage() {
  const { certificate } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Certificate check · {certificate.organizationName}</p>
        <h1>
          {certificate.valid ? 'This certificate is valid' : 'This certificate was withdrawn'}
        </h1>
        <p className="lead">
          {certificate.valid
            ? `${certificate.organizationName} recorded this completion and it still stands.`
            : `${certificate.organizationName} reversed the hours this certificate was issued for.`}
        </p>
      </header>
      <section className="card" aria-labelledby="certificate-title">
        <h2 id="certificate-title">
          {certificate.programTitle}: {certificate.cohortName}
        </h2>
        <dl className="facts">
          <div>
            <dt>Holder’s initials</dt>
            <dd>{certificate.initials}</dd>
          </div>
          <div>
            <dt>Hours</dt>
            <dd>{certificate.hoursLabel}</dd>
          </div>
          <div>
            <dt>Cohort dates</dt>
            <dd>{certificate.dates}</dd>
          </div>
          <div>
            <dt>Completed</dt>
            <dd>{certificate.completedOn}</dd>
          </div>
        </dl>
        <p className="muted">
          Certificate number {certificate.id}. Compare the initials with the name printed on the
          certificate.
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

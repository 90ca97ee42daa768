import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { getCatalogCredential } from '~/catalog/catalog.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { notFound } from '~/permissions/permissions.server';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.credential.title ?? 'Micro-credential'} · Catalog · Cadre` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  const credential = await getCatalogCredential(context.db, {
    organizationId: user.organizationId,
    credentialId: params.credentialId ?? '',
  });
  if (!credential) notFound('We could not find that micro-credential in the catalog.');
  return { credential };
}

export default function CatalogCredentialPage() {
  const { credential } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <header className="page-header page-header--with-action">
        <div>
          <p className="eyebrow">
            <Link to="/catalog">Catalog</Link> ·{' '}
            <Link to={`/catalog/stacks/${credential.programId}`}>{credential.programTitle}</Link>
          </p>
          <h1>{credential.title}</h1>
          <p className="lead">{credential.description}</p>
        </div>
        <Link to={`/catalog/stacks/${credential.programId}`} className="button">
          See the stack and join a cohort
        </Link>
      </header>

      <section className="card" aria-labelledby="glance-title">
        <h2 id="glance-title">At a glance</h2>
        {credential.competencyStatement ? <p>{credential.competencyStatement}</p> : null}
        <dl className="facts">
          <div>
            <dt>Stack</dt>
            <dd>{credential.programTitle}</dd>
          </div>
          <div>
            <dt>Hours</dt>
            <dd>{credential.hours}</dd>
          </div>
          <div>
            <dt>Format</dt>
            <dd>{credential.format.charAt(0).toUpperCase() + credential.format.slice(1)}</dd>
          </div>
          <div>
            <dt>Classroom or student data</dt>
            <dd>{credential.needsClassroomData ? 'Needed' : 'Not needed'}</dd>
          </div>
          {credential.topics.length > 0 ? (
            <div className="facts__wide">
              <dt>Topics</dt>
              <dd>{credential.topics.join(', ')}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="evidence-title">
        <h2 id="evidence-title">Evidence</h2>
        {credential.evidenceTypes.length > 0 ? (
          <ul>
            {credential.evidenceTypes.map((type) => (
              <li key={type}>{type}</li>
            ))}
          </ul>
        ) : null}
        <p>{credential.evidenceRequirements}</p>
      </section>

      {credential.criteria.length > 0 ? (
        <section className="card" aria-labelledby="rubric-title">
          <h2 id="rubric-title">How it is scored</h2>
          <dl>
            {credential.criteria.map((criterion) => (
              <div key={criterion.id}>
                <dt>
                  <strong>{criterion.title}</strong>
                </dt>
                <dd>{criterion.meetsDescription}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      <section className="card" aria-labelledby="apply-title">
        <h2 id="apply-title">Who should apply</h2>
        {credential.audiences.length > 0 ? (
          <ul>
            {credential.audiences.map((audience) => (
              <li key={audience}>{audience}</li>
            ))}
          </ul>
        ) : (
          <p>Any educator of the organization.</p>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

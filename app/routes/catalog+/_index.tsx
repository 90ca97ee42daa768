import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import {
  getCatalogFilterOptions,
  readCatalogFilters,
  searchCatalog,
} from '~/catalog/catalog.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { SearchField } from '~/components/forms';
import { formatCount } from '~/utils/locale';

export const meta: MetaFunction = () => [{ title: 'Catalog · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  const filters = readCatalogFilters(new URL(request.url));
  const [results, options] = await Promise.all([
    searchCatalog(context.db, { organizationId: user.organizationId, filters }),
    getCatalogFilterOptions(context.db, user.organizationId),
  ]);
  return { filters, results, options };
}

function FilterSelect({
  name,
  label,
  value,
  anyLabel,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  anyLabel: string;
  options: { value: string; label: string }[];
}) {
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ''}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const plain = (values: string[]) => values.map((value) => ({ value, label: value }));

export default function CatalogPage() {
  const { filters, results, options } = useLoaderData<typeof loader>();
  const pageHref = (page: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) {
      if (value !== undefined && key !== 'page') params.set(key, String(value));
    }
    params.set('page', String(page));
    return `?${params.toString()}`;
  };
  return (
    <div className="stack">
      <header className="page-header">
        <h1>Catalog</h1>
        <p className="lead">
          The organization’s stacks and micro-credentials. Filter by topic, audience or evidence,
          open one to read what it asks, and ask to join the next cohort.
        </p>
      </header>

      <section className="card" aria-labelledby="filters-title">
        <h2 id="filters-title">Find a micro-credential</h2>
        <Form method="get" className="filters" role="search" aria-label="Filter the catalog">
          <SearchField
            label="Search"
            defaultValue={filters.q ?? ''}
            placeholder="Title or description"
          />
          <FilterSelect
            name="stack"
            label="Stack"
            value={filters.stack}
            anyLabel="Any stack"
            options={options.stacks.map((stack) => ({ value: stack.id, label: stack.title }))}
          />
          <FilterSelect
            name="topic"
            label="Topic"
            value={filters.topic}
            anyLabel="Any topic"
            options={plain(options.topics)}
          />
          <FilterSelect
            name="audience"
            label="Who it is for"
            value={filters.audience}
            anyLabel="Anyone"
            options={plain(options.audiences)}
          />
          <FilterSelect
            name="evidence"
            label="Evidence"
            value={filters.evidence}
            anyLabel="Any evidence"
            options={plain(options.evidence)}
          />
          <FilterSelect
            name="data"
            label="Classroom or student data"
            value={filters.data}
            anyLabel="Either"
            options={[
              { value: 'none', label: 'No classroom or student data' },
              { value: 'needs', label: 'Needs classroom or student data' },
            ]}
          />
          <FilterSelect
            name="format"
            label="Format"
            value={filters.format}
            anyLabel="Any format"
            options={options.formats.map((format) => ({
              value: format,
              label: format.charAt(0).toUpperCase() + format.slice(1),
            }))}
          />
          <FilterSelect
            name="hours"
            label="Hours"
            value={filters.hours === undefined ? undefined : String(filters.hours)}
            anyLabel="Any length"
            options={[5, 10, 15, 20].map((hours) => ({
              value: String(hours),
              label: `Up to ${hours} hours`,
            }))}
          />
          <div className="actions-row">
            <button type="submit" className="button button--primary">
              Show matches
            </button>
            <Link to="/catalog" className="button button--quiet">
              Clear
            </Link>
          </div>
        </Form>
      </section>

      <section aria-labelledby="stacks-title">
        <h2 id="stacks-title">Stacks ({formatCount(results.stacks.length)})</h2>
        {results.stacks.length === 0 ? (
          <p className="empty-state">No stack matches these filters.</p>
        ) : (
          <ul className="cohort-grid">
            {results.stacks.map((stack) => (
              <li key={stack.id} className="card cohort-card">
                <h3>
                  <Link to={`/catalog/stacks/${stack.id}`}>{stack.title}</Link>
                </h3>
                <p>{stack.summary}</p>
                <p className="cohort-card__meta muted">
                  <span>
                    {stack.credentialCount} micro-credential
                    {stack.credentialCount === 1 ? '' : 's'}
                  </span>
                  <span aria-hidden="true">·</span>
                  <span>About {stack.hoursPerCredential} hours each</span>
                  <span aria-hidden="true">·</span>
                  <span>{stack.format}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="credentials-title">
        <h2 id="credentials-title">Micro-credentials ({formatCount(results.credentialTotal)})</h2>
        {results.credentials.length === 0 ? (
          <p className="empty-state">No micro-credential matches these filters.</p>
        ) : (
          <ul className="cohort-grid">
            {results.credentials.map((credential) => (
              <li key={credential.id} className="card cohort-card">
                <h3>
                  <Link to={`/catalog/micro-credentials/${credential.id}`}>{credential.title}</Link>
                </h3>
                <p>{credential.description}</p>
                <p className="muted">
                  Stack:{' '}
                  <Link to={`/catalog/stacks/${credential.programId}`}>
                    {credential.programTitle}
                  </Link>
                </p>
                <p className="cohort-card__meta">
                  <span className="badge">{credential.hours} hours</span>
                  {credential.needsClassroomData ? (
                    <span className="badge badge--warn">Needs classroom or student data</span>
                  ) : (
                    <span className="badge badge--ok">No classroom or student data</span>
                  )}
                </p>
                {credential.evidenceTypes.length > 0 ? (
                  <p className="muted">Evidence: {credential.evidenceTypes.join(', ')}</p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {results.pageCount > 1 ? (
          <nav className="pager" aria-label="Pages of micro-credentials">
            {results.page > 1 ? <Link to={pageHref(results.page - 1)}>Previous page</Link> : null}
            <span>
              Page {results.page} of {results.pageCount}
            </span>
            {results.page < results.pageCount ? (
              <Link to={pageHref(results.page + 1)}>Next page</Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

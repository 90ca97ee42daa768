import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { personStatusLabels } from '~/people/labels';
import { ScrollRegion } from '~/components/scroll-region';
import { FilterForm, FilterSelect, SearchField } from '~/components/forms';
import {
  DirectoryFilterSchema,
  isFiltered,
  listPeople,
  PEOPLE_PAGE_SIZE,
  requireDirectoryAdmin,
} from '~/people/directory.server';
import { formatDateTime } from '~/utils/dates';

export const meta: MetaFunction = () => [{ title: 'People · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireDirectoryAdmin(context.db, request);
  const url = new URL(request.url);
  const filter = DirectoryFilterSchema.parse(Object.fromEntries(url.searchParams));
  const directory = await listPeople(context.db, { organizationId: admin.organizationId, filter });
  return { ...directory, filter, filtered: isFiltered(filter), pageSize: PEOPLE_PAGE_SIZE };
}

export default function PeopleDirectoryPage() {
  const { organization, people, total, page, pageCount, filter, filtered, pageSize } =
    useLoaderData<typeof loader>();
  const pageLink = (to: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) {
      if (key !== 'page' && value !== '' && value !== 'all') params.set(key, String(value));
    }
    if (to > 1) params.set('page', String(to));
    const search = params.toString();
    return search ? `?${search}` : '.';
  };
  const first = (page - 1) * pageSize + 1;
  const last = first + people.length - 1;

  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">Organization</p>
        <h1>People</h1>
        <p className="lead">
          Everyone with an account at {organization.name}: their cohorts, membership, educator id
          and sign-in. Open a person to change their record, deactivate them or send a reset link.
        </p>
        <div className="actions-row">
          <Link to="/admin/people/invite" className="button button--primary">
            Invite a person
          </Link>
          <Link to="/admin/people/import" className="button">
            Import from CSV
          </Link>
        </div>
      </header>

      <FilterForm label="Filter people" filtered={filtered}>
        <SearchField label="Search" defaultValue={filter.q} placeholder="Name or email" />
        <FilterSelect
          name="role"
          label="Role in any cohort"
          defaultValue={filter.role}
          options={[
            ['all', 'Any'],
            ['participant', 'Participant'],
            ['coach', 'Coach'],
            ['facilitator', 'Facilitator'],
            ['org-admin', 'Org admin'],
          ]}
        />
        <div className="field">
          <label htmlFor="cohort">Cohort</label>
          <input
            id="cohort"
            name="cohort"
            type="search"
            defaultValue={filter.cohort}
            placeholder="Part of its name"
          />
        </div>
        <FilterSelect
          name="status"
          label="Status"
          defaultValue={filter.status}
          options={[
            ['all', 'Active and deactivated'],
            ['active', 'Active'],
            ['deactivated', 'Deactivated'],
            ['deleted', 'Deleted'],
          ]}
        />
        <FilterSelect
          name="membership"
          label="Membership"
          defaultValue={filter.membership}
          options={[
            ['all', 'Members and non-members'],
            ['member', 'Members'],
            ['non-member', 'Non-members'],
          ]}
        />
        <FilterSelect
          name="educatorId"
          label="Educator id"
          defaultValue={filter.educatorId}
          options={[
            ['all', 'Any'],
            ['missing', 'Missing'],
          ]}
        />
      </FilterForm>

      {total === 0 ? (
        <div className="empty-state">
          <p>
            <strong>{filtered ? 'Nobody matches these filters.' : 'Nobody here yet.'}</strong>
          </p>
          <p>
            {filtered
              ? 'Try fewer filters, or clear them to see everyone.'
              : 'Invite people one by one or import a CSV to get started.'}
          </p>
        </div>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {total === 1 ? '1 person' : `${first}–${last} of ${total} people`}, by name
          </p>
          <ScrollRegion className="table-scroll card" labelledBy="people-caption">
            <table className="table">
              <caption id="people-caption" className="sr-only">
                People, page {page} of {pageCount}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Member</th>
                  <th scope="col">Educator id</th>
                  <th scope="col">Open cohorts</th>
                  <th scope="col">Marks</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {people.map((person) => (
                  <tr key={person.id}>
                    <th scope="row">
                      <Link to={`/admin/people/${person.id}`}>{person.name}</Link>
                      {person.email ? (
                        <span className="muted" style={{ display: 'block', fontWeight: 400 }}>
                          {person.email}
                        </span>
                      ) : null}
                    </th>
                    <td>
                      <span
                        className={`badge ${person.status === 'active' ? 'badge--ok' : person.status === 'invited' ? '' : 'badge--warn'}`}
                      >
                        {personStatusLabels[person.status]}
                      </span>
                    </td>
                    <td>{person.isMember ? 'Member' : 'Non-member'}</td>
                    <td>{person.stateEducatorId ?? <span className="muted">Missing</span>}</td>
                    <td>{person.openCohorts}</td>
                    <td>
                      {[
                        person.isOrgAdmin ? 'Org admin' : null,
                        person.mayCoach ? 'Coach' : null,
                        person.mayAuthor ? 'Author' : null,
                      ]
                        .filter(Boolean)
                        .join(', ') || <span className="muted">—</span>}
                    </td>
                    <td>
                      {person.lastSeenAt
                        ? formatDateTime(person.lastSeenAt, organization.timezone)
                        : 'Never'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {pageCount > 1 ? (
            <nav aria-label="Pages of people" className="actions-row">
              {page > 1 ? (
                <Link to={pageLink(page - 1)} className="button" rel="prev">
                  Previous page
                </Link>
              ) : null}
              <span className="muted">
                Page {page} of {pageCount}
              </span>
              {page < pageCount ? (
                <Link to={pageLink(page + 1)} className="button" rel="next">
                  Next page
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

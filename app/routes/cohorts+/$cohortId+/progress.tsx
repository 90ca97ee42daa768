import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { CredentialStatusTable } from '~/micro-credentials/credential-status-table';
import { getCredentialStatusGrid } from '~/micro-credentials/progress.server';
import { formatDueLabel, progressLabels } from '~/pathway/format';
import { ProgressFilterSchema, getProgressGrid } from '~/pathway/progress.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { describeTimeZone, formatDay } from '~/utils/dates';
import { FilterForm, FilterSelect, SearchField } from '~/components/forms';
import { ScrollRegion } from '~/components/scroll-region';

export const meta: MetaFunction = () => [{ title: 'Progress · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const filter = ProgressFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const grid = await getProgressGrid(context.db, {
    cohortId: cohort.id,
    timezone: cohort.timezone,
    filter,
  });
  const credentialGrid = await getCredentialStatusGrid(context.db, cohort.id);
  return { grid, filter, timezone: cohort.timezone, credentialGrid, cohortId: cohort.id };
}

export default function ProgressPage() {
  const { grid, filter, timezone, credentialGrid, cohortId } = useLoaderData<typeof loader>();
  const credentials = <CredentialStatusTable cohortId={cohortId} {...credentialGrid} />;
  const filtered = filter.q !== '' || filter.unit !== 'all' || filter.status !== 'all';
  const csvQuery = new URLSearchParams({ q: filter.q, unit: filter.unit, status: filter.status });

  if (grid.columns.length === 0 && !filtered) {
    return (
      <div className="stack">
        <div className="empty-state">
          <p>
            The pathway has no modules yet. The coach builds it on the Pathway tab from the
            pre-assessment.
          </p>
        </div>
        {credentials}
      </div>
    );
  }
  return (
    <div className="stack">
      <div className="card__header">
        <p className="muted" style={{ margin: 0 }}>
          {grid.publishedAt ? 'Pathway published.' : 'Pathway not published yet.'} Overdue means
          past the due day in {describeTimeZone(timezone)} and not completed.
        </p>
        <a href={`progress.csv?${csvQuery.toString()}`} className="button button--quiet" download>
          Download CSV
        </a>
      </div>
      <FilterForm label="Filter the progress grid" filtered={filtered}>
        <SearchField label="Participant" defaultValue={filter.q} placeholder="Name or email" />
        <div className="field">
          <label htmlFor="unit">Unit</label>
          <select id="unit" name="unit" defaultValue={filter.unit}>
            <option value="all">All units</option>
            {grid.units.map((unit, index) => (
              <option key={unit.id} value={unit.id}>
                Unit {index + 1}: {unit.title}
              </option>
            ))}
          </select>
        </div>
        <FilterSelect
          name="status"
          label="Has a module that is"
          defaultValue={filter.status}
          options={[
            ['all', 'Any status'],
            ['overdue', 'Overdue'],
            ['not-started', 'Not started'],
            ['in-progress', 'In progress'],
            ['completed', 'Completed'],
          ]}
        />
      </FilterForm>
      {grid.rows.length === 0 ? (
        <div className="empty-state">
          <p>{filtered ? 'Nobody matches these filters.' : 'The cohort has no participants.'}</p>
        </div>
      ) : (
        <ScrollRegion label="Module progress" className="card">
          <table className="table progress-grid">
            <caption className="sr-only">
              Module progress by participant; each cell gives the status and its date
            </caption>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                {grid.columns.map((column) => (
                  <th key={column.moduleId} scope="col">
                    {column.title}
                    <span className="progress-grid__due">{formatDueLabel(column.dueOn)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.rows.map((row) => (
                <tr key={row.memberId}>
                  <th scope="row">{row.name}</th>
                  {row.cells.map((cell) => (
                    <td
                      key={cell.moduleId}
                      className={`progress-cell progress-cell--${cell.assigned ? cell.status : 'unassigned'}${cell.overdue ? ' progress-cell--overdue' : ''}`}
                    >
                      {!cell.assigned ? (
                        <span className="muted">Not assigned</span>
                      ) : (
                        <>
                          {progressLabels[cell.status]}
                          {cell.completedAt ? (
                            <span className="progress-cell__date">
                              {formatDay(cell.completedAt, timezone)}
                            </span>
                          ) : null}
                          {cell.overdue ? (
                            <strong className="progress-cell__flag">Overdue</strong>
                          ) : null}
                        </>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {credentials}
    </div>
  );
}

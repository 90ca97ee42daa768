import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { roleLabels, statusLabels } from '~/components/role-label';
import {
  getCohortOverviewFor,
  notFound,
  requireCohortRole,
} from '~/permissions/permissions.server';
import { may } from '~/permissions/policy';
import { describeTimeZone, formatDateRange } from '~/utils/dates';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.cohort.name} · Cadre` : 'Cohort · Cadre' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { role, user } = await requireCohortRole(context.db, request, params.cohortId, 'view');
  // read with the access above, in its statement
  const cohort = await getCohortOverviewFor(context.db, { cohortId: params.cohortId ?? '', user });
  if (!cohort) notFound('We could not find that cohort.');
  return { cohort, role };
}

export default function CohortLayout() {
  const { cohort, role } = useLoaderData<typeof loader>();
  const staff = may(role, 'manage');
  const runsCohort = may(role, 'administer');
  const tabs = [
    { to: '.', label: 'Overview', end: true, show: true },
    { to: 'roster', label: 'Roster', end: false, show: staff },
    { to: 'assessment', label: 'Assessment', end: false, show: true },
    { to: 'pathway', label: 'Pathway', end: false, show: true },
    { to: 'progress', label: 'Progress', end: false, show: staff },
    { to: 'sessions', label: 'Sessions', end: false, show: true },
    { to: 'plans', label: 'Action plans', end: false, show: true },
    {
      to: 'share-out',
      label: 'Share-out',
      end: false,
      show: ['sharing', 'completed', 'archived'].includes(cohort.status),
    },
    { to: 'partners', label: 'Partners', end: false, show: true },
    { to: 'evidence', label: 'Evidence', end: false, show: true },
    { to: 'scoring', label: 'Scoring', end: false, show: may(role, 'score') },
    { to: 'hours', label: 'Hours', end: false, show: staff },
    { to: 'act48', label: 'Act 48', end: false, show: runsCohort },
    {
      to: 'evaluation',
      label: 'Evaluation',
      end: false,
      show: may(role, 'participate') && cohort.evaluationRequired,
    },
    { to: 'invite', label: 'Invite', end: false, show: runsCohort },
    { to: 'settings', label: 'Settings', end: false, show: runsCohort },
  ].filter((tab) => tab.show);

  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">{cohort.program.title}</p>
        <h1>{cohort.name}</h1>
        <p className="cohort-card__meta">
          <span className={`badge badge--status-${cohort.status}`}>
            {statusLabels[cohort.status]}
          </span>
          <span className="badge badge--role">You: {roleLabels[role]}</span>
          <span className="muted">{formatDateRange(cohort.startsOn, cohort.endsOn)}</span>
          <span className="muted">Times in {describeTimeZone(cohort.timezone)}</span>
        </p>
      </header>
      {tabs.length > 1 ? (
        <nav aria-label="Cohort sections" className="tabs">
          <ul>
            {tabs.map((tab) => (
              <li key={tab.label}>
                <NavLink to={tab.to} end={tab.end} prefetch="intent">
                  {tab.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

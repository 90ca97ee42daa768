import { Form, Link, NavLink, useLocation, useNavigate } from '@remix-run/react';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { roleLabels, type DisplayRole } from './role-label';

// NOTE: loaded when the switcher first opens, so pages that never search do not carry downshift
const ServerCombobox = lazy(() =>
  import('./server-combobox').then((module) => ({ default: module.ServerCombobox })),
);

/** the finder before its script arrives (and without script): a search box sent to the home page */
function PlainCohortFinder() {
  return (
    <div className="combobox">
      <label htmlFor="cohort-finder-plain">Find a cohort</label>
      <input
        id="cohort-finder-plain"
        type="search"
        name="q"
        maxLength={100}
        placeholder="Type part of its name"
      />
    </div>
  );
}

interface HeaderProps {
  user: { name: string; email: string; isOrgAdmin: boolean; unreadNotices?: number } | null;
  /** a few recent cohorts (the one on screen first), never the whole organization */
  cohorts: { id: string; name: string; role: DisplayRole }[];
  /** the organization's short name and logo, when it has set them */
  organization?: { name: string; shortName: string | null; logoUrl: string | null } | null;
  /** more cohorts than listed: offer "Find a cohort" */
  moreCohorts?: boolean;
}

export function SiteHeader({
  user,
  cohorts,
  organization = null,
  moreCohorts = false,
}: HeaderProps) {
  const location = useLocation();
  const navigate = useNavigate();
  const [finderWanted, setFinderWanted] = useState(false);
  const switcher = useRef<HTMLDetailsElement>(null);
  // close the cohort menu after moving to another page
  useEffect(() => {
    if (switcher.current) switcher.current.open = false;
  }, [location.pathname]);

  const currentCohort = cohorts.find((cohort) =>
    location.pathname.startsWith(`/cohorts/${cohort.id}`),
  );

  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link
          to="/"
          className="brand"
          aria-label={
            organization?.shortName
              ? `${organization.shortName} on Cadre, your cohorts`
              : 'Cadre, your cohorts'
          }
        >
          {organization?.logoUrl ? (
            <img
              className="brand__logo"
              src={organization.logoUrl}
              alt={`${organization.name} logo`}
              height={32}
            />
          ) : (
            <span className="brand__mark" aria-hidden="true">
              C
            </span>
          )}
          <span className="brand__name">{organization?.shortName ?? 'Cadre'}</span>
        </Link>

        {user && cohorts.length > 0 ? (
          <details
            className="switcher"
            ref={switcher}
            onToggle={(event) => {
              if (event.currentTarget.open) setFinderWanted(true);
            }}
          >
            <summary>
              <span className="switcher__label">
                {currentCohort ? currentCohort.name : 'Your cohorts'}
              </span>
              {currentCohort ? (
                <span className="badge badge--role">{roleLabels[currentCohort.role]}</span>
              ) : null}
            </summary>
            <nav aria-label="Switch cohort" className="switcher__menu">
              <ul>
                {cohorts.map((cohort) => (
                  <li key={cohort.id}>
                    <NavLink to={`/cohorts/${cohort.id}`}>
                      <span>{cohort.name}</span>
                      <span className="switcher__role">{roleLabels[cohort.role]}</span>
                    </NavLink>
                  </li>
                ))}
              </ul>
              {moreCohorts ? (
                <Form method="get" action="/" className="switcher__find" role="search">
                  {finderWanted ? (
                    <Suspense fallback={<PlainCohortFinder />}>
                      <ServerCombobox
                        id="cohort-finder"
                        label="Find a cohort"
                        inputName="q"
                        endpoint="/resources/cohorts"
                        noun={{ one: 'cohort', many: 'cohorts' }}
                        clearOnSelect
                        placeholder="Type part of its name"
                        onSelect={(cohort) => {
                          if (cohort) navigate(`/cohorts/${cohort.id}`);
                        }}
                      />
                    </Suspense>
                  ) : (
                    <PlainCohortFinder />
                  )}
                  <button type="submit" className="button button--quiet">
                    Show all matches
                  </button>
                </Form>
              ) : null}
              <p className="switcher__all">
                <Link to="/">All your cohorts</Link>
              </p>
            </nav>
          </details>
        ) : null}

        {user ? (
          <div className="site-header__account">
            {user.isOrgAdmin ? (
              <>
                <NavLink to="/admin/people" className="site-header__link">
                  People
                </NavLink>
                <NavLink to="/admin/organization" className="site-header__link">
                  Organization
                </NavLink>
              </>
            ) : null}
            {user.isOrgAdmin ? (
              <NavLink to="/admin/outbox" className="site-header__link">
                Outbox
              </NavLink>
            ) : null}
            <NavLink to="/catalog" className="site-header__link">
              Catalog
            </NavLink>
            <NavLink to="/notifications" className="site-header__link">
              Notifications
              {user.unreadNotices ? (
                <span className="badge badge--count">
                  {user.unreadNotices}
                  <span className="sr-only"> unread</span>
                </span>
              ) : null}
            </NavLink>
            {user.isOrgAdmin ? (
              <NavLink to="/admin/hours" className="site-header__link">
                Hours export
              </NavLink>
            ) : null}
            {user.isOrgAdmin ? (
              <NavLink to="/admin/act48" className="site-header__link">
                Act 48
              </NavLink>
            ) : null}
            <NavLink to="/me/transcript" className="site-header__link">
              My transcript
            </NavLink>
            <NavLink to="/me/account" className="site-header__link">
              My account
            </NavLink>
            <span className="site-header__name">
              {user.name}
              {user.isOrgAdmin ? <span className="badge badge--admin">Org admin</span> : null}
            </span>
            <Form method="post" action="/logout">
              <button type="submit" className="button button--quiet">
                Sign out
              </button>
            </Form>
          </div>
        ) : null}
      </div>
    </header>
  );
}

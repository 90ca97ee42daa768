import { Form, Link, NavLink, useLocation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { roleLabels, type DisplayRole } from './role-label';

interface HeaderProps {
  user: { name: string; email: string; isOrgAdmin: boolean; unreadNotices?: number } | null;
  cohorts: { id: string; name: string; role: DisplayRole }[];
}

export function SiteHeader({ user, cohorts }: HeaderProps) {
  const location = useLocation();
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
        <Link to="/" className="brand" aria-label="Cadre, your cohorts">
          <span className="brand__mark" aria-hidden="true">
            C
          </span>
          <span className="brand__name">Cadre</span>
        </Link>

        {user && cohorts.length > 0 ? (
          <details className="switcher" ref={switcher}>
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
            </nav>
          </details>
        ) : null}

        {user ? (
          <div className="site-header__account">
            {user.isOrgAdmin ? (
              <NavLink to="/admin/outbox" className="site-header__link">
                Outbox
              </NavLink>
            ) : null}
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

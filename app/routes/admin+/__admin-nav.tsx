import { NavLink } from '@remix-run/react';

const pages = [
  { to: '/admin/organization', label: 'Settings' },
  { to: '/authoring', label: 'Programs' },
  { to: '/admin/integrations', label: 'Integrations' },
  { to: '/admin/sign-in', label: 'Sign-in' },
  { to: '/admin/recognition', label: 'Hours rules' },
  { to: '/admin/hours', label: 'Hours export' },
  { to: '/admin/fees', label: 'Scoring fees' },
  { to: '/admin/join-requests', label: 'Join requests' },
  { to: '/admin/outbox', label: 'Outbox' },
];

/** The org admin's pages, one click from each other. */
export function AdminNav() {
  return (
    <nav aria-label="Organization pages" className="tabs tabs--wrap">
      <ul>
        {pages.map((page) => (
          <li key={page.to}>
            <NavLink to={page.to} end>
              {page.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

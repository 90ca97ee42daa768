import { Link, useRouteLoaderData } from '@remix-run/react';

/**
 * For org admins, a link to the integrations page, which says how to connect what is
 * missing; others are asked to tell their organization's admin. Settings' names stay there.
 */
export function IntegrationsHint({ missing }: { missing: string }) {
  const root = useRouteLoaderData('root') as { user?: { isOrgAdmin?: boolean } | null } | undefined;
  return root?.user?.isOrgAdmin ? (
    <>
      {' '}
      <Link to="/admin/integrations">{`See how to connect ${missing}`}</Link>.
    </>
  ) : (
    <>{` Your organization’s admin can connect ${missing}.`}</>
  );
}

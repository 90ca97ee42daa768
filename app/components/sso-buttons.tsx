import { Form } from '@remix-run/react';

export interface SsoButtonData {
  connectionId: string;
  kind: 'google' | 'microsoft' | 'oidc';
  label: string;
  organizationName: string;
}

/** One "Sign in with …" button per provider; each starts the provider's sign-in at /sso. */
export function SsoButtons({
  buttons,
  redirectTo,
  email,
  showOrganization = false,
}: {
  buttons: readonly SsoButtonData[];
  redirectTo?: string | null;
  email?: string | null;
  showOrganization?: boolean;
}) {
  return (
    <ul className="sso-buttons" aria-label="Single sign-on">
      {buttons.map((button) => (
        <li key={button.connectionId}>
          <Form method="post" action="/sso">
            <input type="hidden" name="intent" value="start" />
            <input type="hidden" name="connectionId" value={button.connectionId} />
            {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
            {email ? <input type="hidden" name="email" value={email} /> : null}
            <button
              type="submit"
              className={`button button--wide sso-button sso-button--${button.kind}`}
            >
              {`Sign in with ${button.label}`}
              {showOrganization ? (
                <span className="muted"> ({button.organizationName})</span>
              ) : null}
            </button>
          </Form>
        </li>
      ))}
    </ul>
  );
}

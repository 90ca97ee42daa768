import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { getUser, requireUser } from '~/auth/session.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TextField } from '~/components/forms';
import {
  CredentialActionSchema,
  getCredentialPage,
  revokeCredential,
  setCredentialSharing,
} from '~/credentials/credentials.server';
import { formatHours } from '~/hours/ledger.server';
import { issuerOrigin } from '~/credentials/origin.server';
import { notFound } from '~/permissions/permissions.server';
import { formatDay } from '~/utils/dates';
import { isUuid } from '~/utils/ids';
import { redirectWithToast } from '~/utils/toast.server';
import { firstErrorMessage, readFormData } from '~/http/form.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.credential.title} · Credential · Cadre` : 'Credential · Cadre' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getUser(context.db, request);
  const credential = await getCredentialPage(context.db, {
    credentialId: params.credentialId,
    viewer,
  });
  if (!credential) notFound('No credential has this address. Check the link you were given.');
  const origin = issuerOrigin(request, context.env);
  return {
    credential: {
      ...credential,
      issuedLabel: formatDay(credential.issuedAt, credential.timezone),
      revokedLabel: credential.revoked
        ? formatDay(credential.revoked.at, credential.timezone)
        : null,
      hoursLabel: formatHours(credential.hours),
      revokeHoursLabel: formatHours(credential.revokeEffects.hours),
    },
    pageUrl: `${origin}/credentials/${credential.id}`,
    issuerUrl: `${origin}/issuers/${credential.issuer.slug}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  // the id goes back into the redirect's Location header: only a real id may
  if (!isUuid(params.credentialId)) notFound('No credential has this address.');
  const credentialId = params.credentialId;
  const back = `/credentials/${credentialId}`;
  const submission = parseWithZod(await readFormData(request), {
    schema: CredentialActionSchema,
  });
  if (submission.status !== 'success') {
    // a refused revocation goes back to its confirmation, where the reason is typed again
    const intent = submission.payload.intent;
    throw await redirectWithToast(intent === 'revoke' ? `${back}?confirm=revoke` : back, {
      kind: 'error',
      message: firstErrorMessage(submission.error, 'That action was not understood.'),
    });
  }
  const action = submission.value;
  const outcome =
    action.intent === 'revoke'
      ? await revokeCredential(context.db, {
          credentialId,
          reason: action.reason,
          reverseHours: action.reverseHours,
          revokeStacks: action.revokeStacks,
          actor: user,
        })
      : await setCredentialSharing(context.db, {
          credentialId,
          share: action.share === 'on',
          actor: user,
        });
  const messages = {
    revoked:
      'The credential is revoked. Its page, its JSON and the public revocation list now say so.',
    shared: 'Your name, results and evidence now show on the public page.',
    unshared: 'The public page no longer shows your name, results or evidence.',
    forbidden: 'Only the earner can share a credential, and only an org admin can revoke it.',
  } as const;
  throw await redirectWithToast(back, {
    kind: outcome.status === 'invalid' || outcome.status === 'forbidden' ? 'error' : 'success',
    message: outcome.status === 'invalid' ? outcome.message : messages[outcome.status],
  });
}

export default function CredentialPage() {
  const { credential, pageUrl, issuerUrl } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const confirmRevoke = credential.canRevoke && searchParams.get('confirm') === 'revoke';
  const { verification } = credential;
  const genuine = verification.signatureValid && verification.matchesDocument;
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">
          {credential.kind === 'stack' ? 'Stack credential' : 'Micro-credential'} · Open Badges 3.0
        </p>
        <h1>{credential.title}</h1>
        <p className="lead">
          Issued by <a href={issuerUrl}>{credential.issuer.name}</a> on {credential.issuedLabel}
          {credential.earnerName ? ` to ${credential.earnerName}` : ''}.
        </p>
      </header>

      <section className="card" aria-labelledby="status-title">
        <h2 id="status-title">Verification</h2>
        <ul className="recognition-checks">
          <li>
            <span className={`badge ${genuine ? 'badge--ok' : 'badge--danger'}`}>
              {genuine ? 'Signature verified' : 'Signature does not verify'}
            </span>{' '}
            {genuine
              ? `Signed by ${credential.issuer.name} with the key published at ${issuerUrl}/jwks.json.`
              : 'This copy does not match what the issuer signed. Do not rely on it.'}
          </li>
          <li>
            {credential.revoked ? (
              <>
                <span className="badge badge--danger">Revoked</span> Revoked on{' '}
                {credential.revokedLabel}: {credential.revoked.reason}
                {credential.revoked.by ? ` (by ${credential.revoked.by})` : ''}
              </>
            ) : (
              <>
                <span className="badge badge--ok">Not revoked</span> The issuer has not withdrawn
                it.
              </>
            )}
          </li>
        </ul>
      </section>

      {confirmRevoke ? (
        <section className="card confirm-panel" aria-labelledby="revoke-title">
          <h2 id="revoke-title">Revoke this credential?</h2>
          <p>
            Everyone who opens this page will see it is revoked, with your reason, and verifiers
            checking the issuer’s revocation list will see it at once. This cannot be undone.
          </p>
          <Form method="post" className="form form--narrow">
            <input type="hidden" name="intent" value="revoke" />
            <TextField
              id="revoke-reason"
              name="reason"
              label="Reason"
              type="text"
              required
              minLength={3}
              maxLength={500}
            />
            {credential.revokeEffects.hours > 0 ? (
              <div className="choice">
                <input id="reverse-hours" name="reverseHours" type="checkbox" defaultChecked />
                <label htmlFor="reverse-hours">
                  Take back the {credential.revokeHoursLabel} it gave (one reversal entry in the
                  hours ledger; the original entry stays on record)
                </label>
              </div>
            ) : (
              <p className="muted">No hours entry of its own stands for it in the ledger.</p>
            )}
            {credential.revokeEffects.stacks.length > 0 ? (
              <div className="choice">
                <input id="revoke-stacks" name="revokeStacks" type="checkbox" defaultChecked />
                <label htmlFor="revoke-stacks">
                  Revoke the stack credential that includes it too (
                  {credential.revokeEffects.stacks.map((stack) => stack.title).join(', ')}). Left
                  unchecked, the stack stays valid and its page lists this part as revoked.
                </label>
              </div>
            ) : null}
            <div className="actions-row">
              <button type="submit" className="button button--danger">
                Revoke credential
              </button>
              <Link to="." className="button">
                Cancel
              </Link>
            </div>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="about-title">
        <h2 id="about-title">What it certifies</h2>
        <p>{credential.description}</p>
        <dl className="facts">
          <div>
            <dt>Hours</dt>
            <dd>{credential.hoursLabel}</dd>
          </div>
          <div>
            <dt>Issued</dt>
            <dd>{credential.issuedLabel}</dd>
          </div>
          {credential.cohortName ? (
            <div>
              <dt>Cohort</dt>
              <dd>{credential.cohortName}</dd>
            </div>
          ) : null}
          <div>
            <dt>Type</dt>
            <dd>
              {credential.achievementType === 'MicroCredential'
                ? 'Micro-credential'
                : 'Certificate'}
            </dd>
          </div>
        </dl>
        <div className="recognition-block">
          <h3>Criteria</h3>
          <p>{credential.criteria}</p>
        </div>
        {credential.results.length > 0 ? (
          <div className="recognition-block">
            <h3>Rubric results</h3>
            <ul>
              {credential.results.map((result) => (
                <li key={result.criterion}>
                  {result.criterion}: <strong>{result.value}</strong>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {credential.evidence.length > 0 ? (
          <div className="recognition-block">
            <h3>Evidence</h3>
            <ul>
              {credential.evidence.map((item) => (
                <li key={item.id}>
                  <a href={item.id} rel="noopener noreferrer nofollow">
                    {item.name}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {credential.parts.length > 0 ? (
          <div className="recognition-block">
            <h3>Micro-credentials in this stack</h3>
            <ul>
              {credential.parts.map((part) => (
                <li key={part.id}>
                  <Link to={`/credentials/${part.id}`}>{part.title}</Link>
                  {part.revoked ? (
                    <>
                      {' '}
                      <span className="badge badge--danger">Revoked</span> The issuer kept this
                      stack credential after revoking this part.
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {!credential.showDetails ? (
          <p className="muted">
            The earner has not chosen to share their name, results or evidence publicly.
          </p>
        ) : null}
      </section>

      {credential.downloadable ? (
        <section className="card" aria-labelledby="files-title">
          <h2 id="files-title">Verify it yourself</h2>
          <p>
            The credential is an Open Badges 3.0 Verifiable Credential, signed twice: as a VC-JWT
            (RS256) checked with the issuer’s keys at{' '}
            <a href={`${issuerUrl}/jwks.json`}>{issuerUrl}/jwks.json</a>, and as JSON with an
            embedded Data Integrity proof (eddsa-rdfc-2022). Its revocation status is in the
            issuer’s <a href={`${issuerUrl}/status/revocation`}>public revocation list</a>.
          </p>
          <div className="actions-row">
            <a className="button" href={`/credentials/${credential.id}.jwt`}>
              Signed JWT
            </a>
            <a className="button" href={`/credentials/${credential.id}.json`}>
              Signed JSON
            </a>
            {credential.relation !== 'public' ? (
              <a
                className="button button--quiet"
                href={`/credentials/${credential.id}/certificate.pdf`}
              >
                Certificate (PDF)
              </a>
            ) : null}
          </div>
        </section>
      ) : null}

      {credential.canShare ? (
        <section className="card" aria-labelledby="share-title">
          <h2 id="share-title">Sharing</h2>
          {credential.shared ? (
            <p>
              Anyone with the link sees your name, your rubric results and your evidence links:{' '}
              <code>{pageUrl}</code>
            </p>
          ) : (
            <p>
              Only the credential’s title, issuer and status show to people you send the link to.
              Share it to show your name, results and evidence too.
            </p>
          )}
          <Form method="post">
            <input type="hidden" name="intent" value="share" />
            <input type="hidden" name="share" value={credential.shared ? 'off' : 'on'} />
            <button type="submit" className="button button--primary">
              {credential.shared ? 'Stop sharing publicly' : 'Share publicly'}
            </button>
          </Form>
        </section>
      ) : null}

      {credential.canRevoke && !confirmRevoke ? (
        <p>
          <Link to="?confirm=revoke" className="button button--danger">
            Revoke…
          </Link>
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { daysBetween, describeCredentialStatus } from '~/evidence/labels';
import { listWaitingCritiques } from '~/critique/critique-requests.server';
import { getOwnMember } from '~/evidence/submission-rows.server';
import { findHeldCredential, getEvidenceOverview } from '~/evidence/submission-view.server';
import { startSubmission } from '~/evidence/submissions.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { requireCohortRole } from '~/permissions/permissions.server';
import { may } from '~/permissions/policy';
import { formatDateTime, formatDay } from '~/utils/dates';
import { redirectWithToast } from '~/utils/toast.server';
import { readFormData } from '~/http/form.server';
import { ScrollRegion } from '~/components/scroll-region';

export const meta: MetaFunction = () => [{ title: 'Evidence and critique · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort, role, user } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'view',
  );
  const member = may(role, 'participate')
    ? await getOwnMember(context.db, { cohortId: cohort.id, userId: user.id })
    : null;
  const overview = await getEvidenceOverview(context.db, {
    cohortId: cohort.id,
    memberId: member?.id ?? null,
  });
  const now = new Date();
  const waiting = may(role, 'manage')
    ? (await listWaitingCritiques(context.db, cohort.id)).map((critique) => ({
        ...critique,
        days: daysBetween(critique.requestedAt, now),
      }))
    : [];
  return { overview, waiting, role, timezone: cohort.timezone, cohortId: cohort.id };
}

const StartSchema = z.object({ microCredentialId: z.uuid() });

const NOT_IN_PROGRAM = 'That micro-credential is not part of this cohort’s program.';

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { cohort, user } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'participate',
  );
  const member = await getOwnMember(context.db, { cohortId: cohort.id, userId: user.id });
  const form = await readFormData(request);
  const parsed = parseWithZod(form, { schema: StartSchema });
  if (parsed.status !== 'success') {
    throw await redirectWithToast(`/cohorts/${cohort.id}/evidence`, {
      kind: 'error',
      message: NOT_IN_PROGRAM,
    });
  }
  const { microCredentialId } = parsed.value;
  const held = member
    ? await findHeldCredential(context.db, { memberId: member.id, microCredentialId })
    : null;
  if (held) {
    throw await redirectWithToast(`/cohorts/${cohort.id}/evidence`, {
      kind: 'info',
      message: `You already hold this micro-credential (earned in ${held.cohortName}), so there is nothing to submit again.`,
    });
  }
  const submissionId = member
    ? await startSubmission(context.db, {
        cohortId: cohort.id,
        memberId: member.id,
        microCredentialId,
      })
    : null;
  if (!submissionId) {
    throw await redirectWithToast(`/cohorts/${cohort.id}/evidence`, {
      kind: 'error',
      message: NOT_IN_PROGRAM,
    });
  }
  throw await redirectWithToast(`/cohorts/${cohort.id}/evidence/${submissionId}`, {
    kind: 'info',
    message: 'Your evidence opens here. It saves as you type.',
  });
}

export default function EvidencePage() {
  const { overview, waiting, role, timezone, cohortId } = useLoaderData<typeof loader>();
  const participant = role === 'participant';
  const toWrite = overview.critiques.filter((critique) => !critique.completedAt);
  const written = overview.critiques.filter((critique) => critique.completedAt);

  return (
    <div className="stack">
      {participant && toWrite.length > 0 ? (
        <section className="card" aria-labelledby="asked-title">
          <h2 id="asked-title">Critiques your partners asked for</h2>
          <ul className="people-list">
            {toWrite.map((critique) => (
              <li key={critique.id}>
                <Link to={`${critique.submissionId}/critique`}>
                  Critique {critique.authorName}’s “{critique.credentialTitle}” (attempt{' '}
                  {critique.attempt})
                </Link>{' '}
                <span className="muted">
                  asked {formatDateTime(critique.requestedAt, timezone)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {!participant ? (
        <section className="card" aria-labelledby="waiting-title">
          <h2 id="waiting-title">Critiques waiting</h2>
          {waiting.length === 0 ? (
            <p className="muted">No critique request is waiting for an answer.</p>
          ) : (
            <ScrollRegion label="Evidence submissions">
              <table className="data-table">
                <caption className="sr-only">
                  Critique requests not answered yet, oldest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Author</th>
                    <th scope="col">Micro-credential</th>
                    <th scope="col">Asked of</th>
                    <th scope="col">Waiting</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {waiting.map((critique) => (
                    <tr key={critique.id}>
                      <td>{critique.authorName}</td>
                      <td>
                        {critique.credentialTitle} (attempt {critique.attempt})
                      </td>
                      <td>
                        {critique.reviewerName}
                        {critique.reviewerStatus !== 'active' ? ' (no longer active)' : ''}
                      </td>
                      <td>
                        <span className={critique.days >= 7 ? 'badge badge--overdue' : undefined}>
                          {critique.days === 0
                            ? 'since today'
                            : `${critique.days} day${critique.days === 1 ? '' : 's'}`}
                        </span>{' '}
                        <span className="muted">
                          since {formatDateTime(critique.requestedAt, timezone)}
                        </span>
                      </td>
                      <td>
                        <Link to={critique.submissionId}>
                          {critique.waivedAt ? 'Waived · open' : 'Open'}
                          <span className="sr-only"> {critique.authorName}’s evidence</span>
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          {may(role, 'score') ? (
            <p>
              <Link to={`/cohorts/${cohortId}/scoring`}>Open the scoring queue</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="credentials-title" className="stack">
        <div className="card__header">
          <h2 id="credentials-title">Micro-credentials</h2>
          {role === 'org-admin' ? (
            <Link to={`/authoring/programs/${overview.programId}`} className="button">
              Manage micro-credentials
            </Link>
          ) : null}
        </div>
        {overview.credentials.length === 0 ? (
          <div className="empty-state">
            <p>This program has no micro-credentials yet. An org admin adds them to the program.</p>
          </div>
        ) : null}
        {overview.credentials.map((credential) => (
          <article
            key={credential.id}
            className="card"
            aria-labelledby={`credential-${credential.id}`}
          >
            <div className="card__header">
              <h3 id={`credential-${credential.id}`}>
                <span className="muted">{credential.code}</span> {credential.title}
              </h3>
              {participant && credential.held && !credential.latest ? (
                <span className="badge badge--submission-earned">Held</span>
              ) : participant ? (
                <span
                  className={`badge badge--submission-${credential.latest?.status ?? 'not-started'}`}
                >
                  {describeCredentialStatus(
                    credential.latest?.status ?? 'not-started',
                    credential.latest?.attempt ?? null,
                  )}
                </span>
              ) : null}
            </div>
            {credential.description ? <p>{credential.description}</p> : null}
            <p>
              <strong>Evidence required: </strong>
              {credential.evidenceRequirements}
            </p>
            {participant && credential.held && credential.latest?.status !== 'earned' ? (
              <p className="held-credential">
                <strong>You already hold this micro-credential:</strong> earned in{' '}
                {credential.held.cohortName} on{' '}
                {formatDay(credential.held.issuedAt, credential.held.timezone)}. Its hours were
                recorded then, so it is not offered again.{' '}
                <Link to={`/credentials/${credential.held.id}`}>
                  View the credential<span className="sr-only"> {credential.title}</span>
                </Link>
              </p>
            ) : participant ? (
              credential.latest ? (
                <Link to={credential.latest.id} className="button button--primary">
                  Open your evidence
                  <span className="sr-only"> for {credential.title}</span>
                </Link>
              ) : (
                <Form method="post">
                  <input type="hidden" name="microCredentialId" value={credential.id} />
                  <button type="submit" className="button button--primary">
                    Start your evidence
                    <span className="sr-only"> for {credential.title}</span>
                  </button>
                </Form>
              )
            ) : null}
          </article>
        ))}
      </section>

      {participant && written.length > 0 ? (
        <section className="card" aria-labelledby="written-title">
          <h2 id="written-title">Critiques you wrote</h2>
          <ul>
            {written.map((critique) => (
              <li key={critique.id}>
                <Link to={critique.submissionId}>
                  {critique.authorName}’s “{critique.credentialTitle}” (attempt {critique.attempt})
                </Link>{' '}
                <span className="muted">sent {formatDateTime(critique.completedAt, timezone)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link } from '@remix-run/react';
import { ScrollRegion } from '~/components/scroll-region';
import { SubmissionAlert, TextField } from '~/components/forms';
import { Markdown } from '~/components/markdown';
import { formatFee } from '~/fees/format';
import { may } from '~/permissions/policy';
import { formatDateTime } from '~/utils/dates';
import { DraftEditor, Items } from './evidence-editor';
import { credentialStatusLabels, isEditable } from './labels';
import type { SubmissionActionReply } from './submission-actions.server';
import type { SubmissionPageData } from './submission-page.server';

/** The evidence page: the text, links and files, critiques, attempts and scores. */
export function SubmissionPage(props: { data: SubmissionPageData; reply?: SubmissionActionReply }) {
  const { data, reply } = props;
  const { view, viewer, role, timezone } = data;
  const { submission } = view;
  const editable = viewer === 'author' && isEditable(submission.status);
  const runsCohort = may(role, 'administer');
  const scores = may(role, 'score');
  const openRequests = view.critiques.filter(
    (critique) =>
      critique.submissionId === submission.id && !critique.completedAt && !critique.cancelledAt,
  );
  const completed = view.critiques.filter((critique) => critique.completedAt);
  const nextAttemptOpen = view.attempts.some((attempt) => attempt.attempt > submission.attempt);
  const replyTo = (intent: string) => (reply?.intent === intent ? reply.result : undefined);
  const [submitForm, submitFields] = useForm<{ intent: string; feeConfirmed: string }>({
    id: 'evidence-submit',
    lastResult: replyTo('submit'),
  });
  const [waiveForm, waiveFields] = useForm<{ intent: string; reason: string }>({
    id: 'evidence-waive',
    lastResult: replyTo('waive'),
  });
  const feeError = submitFields.feeConfirmed.errors?.[0];
  // the one-button forms have no field to hold their message
  const buttonReply = ['remove-item', 'request-critique', 'next-attempt'].includes(
    reply?.intent ?? '',
  )
    ? reply?.result
    : undefined;

  return (
    <div className="stack">
      <nav aria-label="Breadcrumb">
        <Link to={`/cohorts/${data.cohortId}/evidence`}>← Evidence and critique</Link>
      </nav>
      <header className="page-header">
        <p className="eyebrow">
          {submission.credentialCode} ·{' '}
          {viewer === 'author' ? 'Your evidence' : submission.authorName}
        </p>
        <h2>
          {submission.credentialTitle} · attempt {submission.attempt}
        </h2>
        <p>
          <span className={`badge badge--submission-${submission.status}`}>
            {credentialStatusLabels[submission.status]}
          </span>
        </p>
      </header>

      <SubmissionAlert result={buttonReply} />
      <NextStep
        status={submission.status}
        viewer={viewer}
        critiqueSatisfied={view.critiqueSatisfied}
        waitingFor={openRequests.map((critique) => critique.reviewerName)}
        nextAttemptOpen={nextAttemptOpen}
        attempt={submission.attempt}
      />

      {viewer === 'partner' && data.hasOpenCritique ? (
        <p>
          <Link to="critique" className="button button--primary">
            Write your critique
          </Link>
        </p>
      ) : null}
      {data.fee ? <FeeNotice fee={data.fee} viewer={viewer} timezone={timezone} /> : null}

      {scores && submission.status === 'submitted' && data.fee?.status !== 'due' ? (
        <p>
          <Link
            to={`/cohorts/${data.cohortId}/scoring/${submission.id}`}
            className="button button--primary"
          >
            Score this submission
          </Link>
        </p>
      ) : null}

      <div className="two-column">
        <div className="stack">
          <section className="card" aria-labelledby="written-title">
            <h3 id="written-title">Written evidence</h3>
            {editable ? (
              <DraftEditor
                key={`${submission.id}-${submission.version}`}
                submissionId={submission.id}
                body={submission.body}
                version={submission.version}
                reply={reply?.intent === 'save-draft' ? reply : undefined}
              />
            ) : submission.body.trim() ? (
              <Markdown source={submission.body} headingOffset={2} />
            ) : (
              <p className="muted">Nothing written yet.</p>
            )}
          </section>

          <Items
            submissionId={submission.id}
            items={submission.items}
            editable={editable}
            reply={reply}
            maxUploadMb={data.maxUploadMb}
            maxUploadBytes={data.maxUploadBytes}
            accept={data.accept}
          />

          {viewer === 'author' && isEditable(submission.status) ? (
            <section className="card" aria-labelledby="send-title">
              <h3 id="send-title">Critique and submission</h3>
              <div className="actions-row">
                <Form method="post">
                  <input type="hidden" name="intent" value="request-critique" />
                  <button type="submit" className="button">
                    {completed.length > 0
                      ? 'Ask for critique again'
                      : 'Ask your partner for critique'}
                  </button>
                </Form>
                <Form method="post" className="stack" {...getFormProps(submitForm)}>
                  <input type="hidden" name={submitFields.intent.name} value="submit" />
                  {data.feeQuote ? (
                    <div className="alert alert--warning">
                      <p>
                        You are not a member of the organization today, so scoring this
                        micro-credential carries a{' '}
                        <strong>{formatFee(data.feeQuote.amountCents)}</strong> scoring fee. Cadre
                        does not take payment: pay the organization as it asks, and the coach
                        receives your evidence once the organization records the fee as paid.
                      </p>
                      <div className="choice">
                        <input
                          type="checkbox"
                          id="fee-confirmed"
                          name={submitFields.feeConfirmed.name}
                          value={data.feeQuote.amountCents}
                          required
                          aria-invalid={feeError ? true : undefined}
                          aria-describedby={feeError ? 'fee-error' : undefined}
                        />
                        <label htmlFor="fee-confirmed">
                          I understand I owe the {formatFee(data.feeQuote.amountCents)} scoring fee
                        </label>
                      </div>
                      {feeError ? (
                        <p className="field-error" id="fee-error">
                          {feeError}
                        </p>
                      ) : null}
                    </div>
                  ) : null}
                  <button
                    type="submit"
                    className="button button--primary"
                    aria-describedby="submit-rule"
                  >
                    Submit for scoring
                  </button>
                </Form>
              </div>
              <p id="submit-rule" className="muted">
                {view.critiqueSatisfied
                  ? view.waived
                    ? 'The facilitator waived the partner critique, so you can submit when ready.'
                    : 'A partner has critiqued this work, so you can submit when ready.'
                  : 'Submitting needs a completed critique from your partner first (the facilitator can waive it if your partner is unresponsive).'}
              </p>
            </section>
          ) : null}

          {runsCohort && isEditable(submission.status) && !view.critiqueSatisfied ? (
            <section className="card" aria-labelledby="waive-title">
              <h3 id="waive-title">Waive the partner critique</h3>
              <p className="muted">
                For when the partner has been unresponsive (for example a week). The author is told
                and may submit straight away.
              </p>
              <Form method="post" className="form" {...getFormProps(waiveForm)}>
                <input type="hidden" name={waiveFields.intent.name} value="waive" />
                <TextField
                  type="text"
                  name={waiveFields.reason.name}
                  label="Reason"
                  required
                  maxLength={500}
                  defaultValue={waiveFields.reason.initialValue ?? ''}
                  error={waiveFields.reason.errors?.[0]}
                />
                <button type="submit" className="button">
                  Waive the critique
                </button>
              </Form>
            </section>
          ) : null}
        </div>

        <aside className="stack" aria-labelledby="rubric-title">
          <section className="card">
            <h3 id="rubric-title">What is required</h3>
            <p>{submission.evidenceRequirements}</p>
            <h4>Rubric</h4>
            <ol className="rubric">
              {submission.criteria.map((criterion) => (
                <li key={criterion.id}>
                  <strong>{criterion.title}</strong>
                  <p className="muted">Meets: {criterion.meetsDescription}</p>
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>

      <section className="card" aria-labelledby="critiques-title">
        <h3 id="critiques-title">Partner critiques</h3>
        {openRequests.length > 0 ? (
          <ul>
            {openRequests.map((critique) => (
              <li key={critique.id}>
                Waiting for {critique.reviewerName} since{' '}
                {formatDateTime(critique.requestedAt, timezone)}
              </li>
            ))}
          </ul>
        ) : null}
        {completed.length === 0 ? (
          <p className="muted">No critique yet.</p>
        ) : (
          completed.map((critique) => (
            <article
              key={critique.id}
              className="critique"
              aria-label={`Critique by ${critique.reviewerName}`}
            >
              <h4>
                {critique.reviewerName} · attempt {critique.attempt} ·{' '}
                {formatDateTime(critique.completedAt, timezone)}
              </h4>
              <dl className="criterion-notes">
                {submission.criteria.map((criterion) => {
                  const note = critique.notes.find((entry) => entry.criterionId === criterion.id);
                  return (
                    <div key={criterion.id}>
                      <dt>{criterion.title}</dt>
                      <dd>
                        {note?.meets ? (
                          <p>
                            <strong>Meets the bar: </strong>
                            {note.meets}
                          </p>
                        ) : null}
                        {note?.strengthen ? (
                          <p>
                            <strong>Would strengthen it: </strong>
                            {note.strengthen}
                          </p>
                        ) : null}
                      </dd>
                    </div>
                  );
                })}
              </dl>
              {critique.summary ? <p>{critique.summary}</p> : null}
            </article>
          ))
        )}
      </section>

      <section className="card" aria-labelledby="attempts-title">
        <h3 id="attempts-title">Attempts and feedback</h3>
        <ol className="attempts" reversed>
          {view.attempts.map((attempt) => (
            <li key={attempt.id}>
              <p>
                <strong>Attempt {attempt.attempt}</strong>:{' '}
                <span className={`badge badge--submission-${attempt.status}`}>
                  {credentialStatusLabels[attempt.status]}
                </span>{' '}
                {attempt.submittedAt ? (
                  <span className="muted">
                    submitted {formatDateTime(attempt.submittedAt, timezone)}
                  </span>
                ) : null}{' '}
                {attempt.id !== submission.id ? (
                  <Link to={`/cohorts/${data.cohortId}/evidence/${attempt.id}`}>Open</Link>
                ) : null}
              </p>
              {attempt.returns.map((returned) => (
                <p key={returned.returnedAt} className="alert alert--info">
                  Returned incomplete by {returned.returnedByName ?? 'the coach'} on{' '}
                  {formatDateTime(returned.returnedAt, timezone)}: {returned.note}
                </p>
              ))}
              {attempt.score ? (
                <div>
                  <p>
                    Scored by {attempt.score.scorerName ?? 'the coach'} on{' '}
                    {formatDateTime(attempt.score.scoredAt, timezone)}
                  </p>
                  <ScrollRegion label={`Scores for attempt ${attempt.attempt}`}>
                    <table className="data-table data-table--narrow">
                      <caption className="sr-only">Scores for attempt {attempt.attempt}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Criterion</th>
                          <th scope="col">Result</th>
                          <th scope="col">Feedback</th>
                        </tr>
                      </thead>
                      <tbody>
                        {submission.criteria.map((criterion) => {
                          const result = attempt.score?.criteria.find(
                            (entry) => entry.criterionId === criterion.id,
                          );
                          return (
                            <tr key={criterion.id}>
                              <th scope="row">{criterion.title}</th>
                              <td>{result?.result === 'meets' ? 'Meets' : 'Not yet'}</td>
                              <td>{result?.feedback || '—'}</td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </ScrollRegion>
                  {attempt.score.feedback ? <p>{attempt.score.feedback}</p> : null}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function NextStep(props: {
  status: string;
  viewer: 'author' | 'partner' | 'staff';
  critiqueSatisfied: boolean;
  waitingFor: string[];
  nextAttemptOpen: boolean;
  attempt: number;
}) {
  if (props.viewer !== 'author') return null;
  switch (props.status) {
    case 'draft':
      return (
        <div className="alert alert--info" role="note">
          <p>
            Keep student names and other details that identify students out of your evidence: write
            “a student” or use initials, and blur faces in photos and videos.
          </p>
          <p>
            {props.critiqueSatisfied
              ? 'Revise with your partner’s critique in mind, then submit for scoring.'
              : 'Draft your evidence, then ask your partner for a critique.'}
          </p>
        </div>
      );
    case 'in-critique':
      return (
        <div className="alert alert--info" role="note">
          Waiting for a critique from {props.waitingFor.join(' and ') || 'your partner'}. You can
          keep revising meanwhile.
        </div>
      );
    case 'incomplete':
      return (
        <div className="alert alert--error" role="note">
          The coach returned this without scoring because something required is missing. Add it and
          submit again.
        </div>
      );
    case 'not-yet':
      return (
        <div className="alert alert--info" role="note">
          <p>Not yet: the feedback below says what would meet the bar.</p>
          {props.nextAttemptOpen ? null : (
            <Form method="post">
              <input type="hidden" name="intent" value="next-attempt" />
              <button type="submit" className="button button--primary">
                Start attempt {props.attempt + 1}
              </button>
            </Form>
          )}
        </div>
      );
    case 'submitted':
      return (
        <div className="alert alert--info" role="note">
          Submitted. The coach will score it against the rubric; you will be told when they do.
        </div>
      );
    case 'earned':
      return (
        <div className="alert alert--info" role="note">
          Earned: every criterion meets the bar.
        </div>
      );
    default:
      return null;
  }
}

function FeeNotice({
  fee,
  viewer,
  timezone,
}: {
  fee: {
    status: 'due' | 'paid' | 'waived';
    amountCents: number;
    createdAt: string;
    recordedAt: string | null;
  };
  viewer: string;
  timezone: string;
}) {
  const amount = formatFee(fee.amountCents);
  return (
    <section className="card" aria-labelledby="fee-title">
      <h3 id="fee-title">
        Scoring fee{' '}
        <span className={`badge ${fee.status === 'due' ? 'badge--warn' : 'badge--ok'}`}>
          {fee.status === 'due' ? 'Fee due' : fee.status === 'paid' ? 'Paid' : 'Waived'}
        </span>
      </h3>
      {fee.status === 'due' ? (
        <p>
          {amount} due since {formatDateTime(fee.createdAt, timezone)}.{' '}
          {viewer === 'author'
            ? 'The coach receives your evidence once the organization records the fee as paid.'
            : 'It reaches the coach once an org admin records the fee as paid or waived.'}
        </p>
      ) : (
        <p>
          {amount} {fee.status === 'paid' ? 'recorded as paid' : 'waived'}
          {fee.recordedAt ? ` on ${formatDateTime(fee.recordedAt, timezone)}` : ''}.
        </p>
      )}
    </section>
  );
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useRef } from 'react';
import { credentialStatusLabels } from '~/evidence/labels';
import { returnIncomplete, scoreSubmission, scoringActionSchema } from '~/scoring/scoring.server';
import { requireSubmissionAccess } from '~/evidence/submission-access.server';
import { getSubmissionView } from '~/evidence/submission-view.server';
import { useFormBackup } from '~/evidence/use-form-backup';
import { EvidenceItemList, NoteField, RubricFields } from '~/scoring/rubric-fields';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Markdown } from '~/components/markdown';
import { newIdempotencyKey, readIdempotencyKey, runOnce } from '~/http/idempotency.server';
import { appOriginOf } from '~/http/origin.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { formatDateTime } from '~/utils/dates';
import { redirectWithToast } from '~/utils/toast.server';
import { readFormData } from '~/http/form.server';
import { SubmissionAlert } from '~/components/forms';
import { isFeeDue } from '~/fees/fee-rules.server';

export const meta: MetaFunction = () => [{ title: 'Score evidence · Cadre' }];

async function requireScorer(args: LoaderFunctionArgs) {
  const { request, params, context } = args;
  await requireCohortRole(context.db, request, params.cohortId, 'score');
  const access = await requireSubmissionAccess(
    context.db,
    request,
    params.cohortId,
    params.submissionId,
  );
  if (await isFeeDue(context.db, access.submission.id)) {
    throw data(
      {
        message:
          'This submission waits for its scoring fee. It can be scored once an org admin records the fee as paid or waived.',
      },
      { status: 409 },
    );
  }
  return access;
}

export async function loader(args: LoaderFunctionArgs) {
  const access = await requireScorer(args);
  const view = await getSubmissionView(args.context.db, access.submission.id);
  return {
    view,
    timezone: access.cohort.timezone,
    cohortId: access.cohort.id,
    idempotencyKey: newIdempotencyKey(),
  };
}

const decisionWords: Record<string, string> = {
  earned: 'scored it “earned”',
  'not-yet': 'scored it “not yet”',
  incomplete: 'returned it as incomplete',
};

export async function action(args: ActionFunctionArgs) {
  const access = await requireScorer(args);
  const { request, context } = args;
  const queue = `/cohorts/${access.cohort.id}/scoring`;
  const form = await readFormData(request);
  const appOrigin = appOriginOf(request, context.env);
  const alreadyDecided = (outcome: { decision: string; scorerName: string | null }) =>
    redirectWithToast(queue, {
      kind: 'error',
      message: `${outcome.scorerName ?? 'Another coach'} already ${
        decisionWords[outcome.decision] ?? 'decided it'
      } while you were scoring, so your scores were not saved.`,
    });

  const view = await getSubmissionView(context.db, access.submission.id);
  const submission = parseWithZod(form, {
    schema: scoringActionSchema(view.submission.criteria),
  });
  if (submission.status !== 'success') {
    return data(
      { intent: String(form.get('intent') ?? 'score'), result: submission.reply() },
      { status: 400 },
    );
  }
  const parsed = submission.value;

  if (parsed.intent === 'incomplete') {
    const outcome = await runOnce(
      context.db,
      {
        key: readIdempotencyKey(form),
        userId: access.user.id,
        action: 'submission.return-incomplete',
        input: { submissionId: access.submission.id, note: parsed.note },
      },
      (db) =>
        returnIncomplete(db, {
          submissionId: access.submission.id,
          scorerId: access.user.id,
          note: parsed.note,
          appOrigin,
        }),
    );
    if (outcome.status !== 'returned') throw await alreadyDecided(outcome);
    throw await redirectWithToast(queue, {
      kind: 'success',
      message: 'Returned as incomplete; the author was told what is missing.',
    });
  }

  const outcome = await runOnce(
    context.db,
    {
      key: readIdempotencyKey(form),
      userId: access.user.id,
      action: 'submission.score',
      input: {
        submissionId: access.submission.id,
        results: parsed.results,
        feedback: parsed.feedback,
      },
    },
    (db) =>
      scoreSubmission(db, {
        submissionId: access.submission.id,
        scorerId: access.user.id,
        results: parsed.results,
        feedback: parsed.feedback,
        appOrigin,
      }),
  );
  if (outcome.status === 'already-decided') throw await alreadyDecided(outcome);
  if (outcome.status === 'criteria-changed') {
    throw await redirectWithToast(`${queue}/${access.submission.id}`, {
      kind: 'error',
      message: 'The rubric changed while you were scoring; score the criteria shown now.',
    });
  }
  throw await redirectWithToast(queue, {
    kind: 'success',
    message:
      outcome.outcome === 'earned'
        ? `Earned: every criterion meets. ${view.submission.authorName} was told.`
        : `Not yet: ${view.submission.authorName} was told and can start attempt ${view.submission.attempt + 1}.`,
  });
}

export default function ScoreSubmissionPage() {
  const { view, timezone, cohortId, idempotencyKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  // validated on the server only: the rubric's criteria name the fields
  const [scoreForm, scoreFields] = useForm<Record<string, string>>({
    id: 'score',
    lastResult: reply && reply.intent !== 'incomplete' ? reply.result : undefined,
  });
  const [returnForm, returnFields] = useForm<{ intent: string; note: string }>({
    id: 'incomplete',
    lastResult: reply?.intent === 'incomplete' ? reply.result : undefined,
  });
  // a proxy: every field the rubric names is there
  const overall = scoreFields.feedback!;
  const note = returnFields.note;
  const { submission } = view;
  const formRef = useRef<HTMLFormElement>(null);
  useFormBackup(formRef, `cadre-score-${submission.id}`);
  const waiting = submission.status === 'submitted';
  const latestCritique = view.critiques.find((critique) => critique.completedAt);
  const previous = view.attempts.filter((attempt) => attempt.attempt < submission.attempt);

  return (
    <div className="stack">
      <nav aria-label="Breadcrumb">
        <Link to={`/cohorts/${cohortId}/scoring`}>← Scoring queue</Link>
      </nav>
      <header className="page-header">
        <p className="eyebrow">{submission.authorName}</p>
        <h2>
          {submission.credentialTitle} · attempt {submission.attempt}
        </h2>
        <p>
          <span className={`badge badge--submission-${submission.status}`}>
            {credentialStatusLabels[submission.status]}
          </span>{' '}
          <span className="muted">
            submitted {formatDateTime(submission.submittedAt, timezone)}
          </span>
        </p>
      </header>
      {!waiting ? (
        <div className="alert alert--info" role="note">
          This submission is not waiting for a score.{' '}
          <Link to={`/cohorts/${cohortId}/evidence/${submission.id}`}>See the result</Link>.
        </div>
      ) : null}
      <div className="two-column two-column--even">
        <section className="card" aria-labelledby="evidence-title">
          <h3 id="evidence-title">Evidence</h3>
          <p className="muted">Required: {submission.evidenceRequirements}</p>
          {submission.body.trim() ? (
            <Markdown source={submission.body} headingOffset={2} />
          ) : (
            <p className="muted">Nothing written.</p>
          )}
          <EvidenceItemList
            items={submission.items}
            fileHref={(itemId) => `/cohorts/${cohortId}/evidence/${submission.id}/files/${itemId}`}
          />
          {latestCritique ? (
            <p className="muted">
              Partner critique by {latestCritique.reviewerName} on{' '}
              {formatDateTime(latestCritique.completedAt, timezone)}.
            </p>
          ) : view.waived ? (
            <p className="muted">The facilitator waived the partner critique.</p>
          ) : null}
          {previous.length > 0 ? (
            <p className="muted">
              Earlier attempts:{' '}
              {previous.map((attempt) => (
                <Link key={attempt.id} to={`/cohorts/${cohortId}/evidence/${attempt.id}`}>
                  attempt {attempt.attempt} ({credentialStatusLabels[attempt.status]}){' '}
                </Link>
              ))}
            </p>
          ) : null}
        </section>

        <section className="card" aria-labelledby="score-title">
          <h3 id="score-title">Score against the rubric</h3>
          <Form method="post" className="form" ref={formRef} {...getFormProps(scoreForm)}>
            <input type="hidden" name="intent" value="score" />
            <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
            <SubmissionAlert
              result={{ error: { intent: scoreFields.intent!.errors ?? null } }}
              id={scoreForm.errorId}
            />
            <RubricFields
              criteria={submission.criteria}
              errorOf={(criterion) =>
                scoreFields[`result-${criterion.id}`]?.errors?.[0] ??
                scoreFields[`feedback-${criterion.id}`]?.errors?.[0]
              }
            >
              {(criterion) => {
                const result = scoreFields[`result-${criterion.id}`]!;
                const feedback = scoreFields[`feedback-${criterion.id}`]!;
                return (
                  <>
                    <div
                      className="choices"
                      role="radiogroup"
                      aria-label={`Result for ${criterion.title}`}
                    >
                      <label className="choice">
                        <input
                          type="radio"
                          name={result.name}
                          value="meets"
                          disabled={!waiting}
                          required
                          defaultChecked={result.initialValue === 'meets'}
                        />{' '}
                        Meets
                      </label>
                      <label className="choice">
                        <input
                          type="radio"
                          name={result.name}
                          value="not-yet"
                          disabled={!waiting}
                          defaultChecked={result.initialValue === 'not-yet'}
                        />{' '}
                        Not yet
                      </label>
                    </div>
                    <NoteField
                      id={`feedback-${criterion.id}`}
                      name={feedback.name}
                      label={`Feedback on ${criterion.title}`}
                      disabled={!waiting}
                      defaultValue={feedback.initialValue}
                    />
                  </>
                );
              }}
            </RubricFields>
            <NoteField
              id="feedback"
              name={overall.name}
              label="Overall feedback (optional)"
              disabled={!waiting}
              defaultValue={overall.initialValue}
              error={overall.errors?.[0]}
            />
            <button type="submit" className="button button--primary" disabled={!waiting}>
              Save the scores
            </button>
          </Form>
        </section>
      </div>

      <section className="card" aria-labelledby="incomplete-title">
        <h3 id="incomplete-title">Something required is missing?</h3>
        <p className="muted">
          Return it without scoring. The author adds what is missing and submits the same attempt
          again.
        </p>
        <Form method="post" className="form" {...getFormProps(returnForm)}>
          <input type="hidden" name={returnFields.intent.name} value="incomplete" />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <NoteField
            id="note"
            name={note.name}
            label="What is missing"
            disabled={!waiting}
            defaultValue={note.initialValue}
            error={note.errors?.[0]}
          />
          <button type="submit" className="button" disabled={!waiting}>
            Return as incomplete
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

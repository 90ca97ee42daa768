import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  getFormProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { SubmissionAlert } from '~/components/forms';
import { sectionLabels, statusLabels, type PlanSection } from '~/plans/content';
import { loadPlanPage } from '~/plans/pages.server';
import { handlePlanAction } from '~/plans/plan-actions.server';
import { CommentForm, CommentList } from '~/plans/comments';
import { ChangesView } from '~/plans/diff-view';
import { PlanEditor } from '~/plans/plan-editor';
import { PlanSections } from '~/plans/plan-view';
import { formatDateTime } from '~/utils/dates';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `Action plan: ${data.plan.unitTitle} · Cadre` : 'Action plan · Cadre',
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadPlanPage(context, request, params);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handlePlanAction(context, request, params);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

// the forms whose refusals are shown on their own fields
const FORMS_WITH_FIELDS = ['save', 'submit', 'review', 'comment'];

function notesOf(review: PageData['latestReview']): Partial<Record<PlanSection, string>> {
  if (!review) return {};
  return {
    goal: review.goalNote ?? '',
    measure: review.measureNote ?? '',
    steps: review.stepsNote ?? '',
    support: review.supportNote ?? '',
    context: review.contextNote ?? '',
  };
}

export default function PlanPage() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { plan, viewer, cohort } = page;
  // each refusal is shown on the form it came from; one-button forms share one alert
  const refused = reply && 'result' in reply ? reply : null;
  const resultOf = (...intents: string[]) =>
    refused && intents.includes(refused.intent) ? refused.result : undefined;
  const planResult = resultOf('save', 'submit');
  const otherResult =
    refused && !FORMS_WITH_FIELDS.includes(refused.intent) ? refused.result : undefined;
  const postConflict = reply && 'conflict' in reply ? reply.conflict : null;
  const isAuthor = viewer.how === 'author';
  const review = page.latestReview;
  const showNotes = review && (plan.status === 'revision-requested' || plan.status === 'accepted');
  const notes = showNotes ? notesOf(review) : {};

  return (
    <article className="stack plan-page" aria-labelledby="plan-title">
      <p className="no-print">
        <Link to=".." relative="path">
          ← All action plans
        </Link>
      </p>
      <header className="card">
        <p className="eyebrow">Action plan · {plan.unitTitle}</p>
        <h2 id="plan-title">
          {isAuthor ? 'Your action plan' : `${plan.authorName}’s action plan`}
        </h2>
        <p className="cohort-card__meta">
          <span className={`badge badge--plan-${plan.status}`}>{statusLabels[plan.status]}</span>
          {plan.sharedAt ? <span className="badge badge--plan-shared">Shared</span> : null}
          {plan.submittedAt ? (
            <span className="muted">
              Last submitted {formatDateTime(plan.submittedAt, cohort.timezone)}
            </span>
          ) : null}
        </p>
        <div className="actions-row no-print">
          {viewer.how !== 'peer' && page.versionCount > 0 ? (
            <Link to="history" className="button button--quiet">
              History ({page.versionCount} {page.versionCount === 1 ? 'version' : 'versions'})
            </Link>
          ) : null}
          <a
            href={`/cohorts/${cohort.id}/plans/${plan.id}/pdf`}
            className="button button--quiet"
            download
          >
            Download PDF
          </a>
        </div>
      </header>

      {review && showNotes ? (
        <section
          className={`card review-summary review-summary--${review.decision}`}
          aria-labelledby="review-title"
        >
          <h2 id="review-title">
            {review.decision === 'accepted'
              ? 'Your coach accepted this plan'
              : 'Your coach asked for a revision'}
          </h2>
          <p className="muted">
            {review.reviewerName ?? 'The coach'} answered version {review.number}
            {review.reviewedAt ? `, ${formatDateTime(review.reviewedAt, cohort.timezone)}` : ''}.
            Notes appear under each section.
          </p>
          {review.overallNote ? <p className="plan-text">{review.overallNote}</p> : null}
        </section>
      ) : null}

      {postConflict ? (
        <section className="card conflict" role="alert" aria-labelledby="post-conflict-title">
          <h2 id="post-conflict-title">This plan was changed in another tab or window</h2>
          <p>Nothing was overwritten. Here are both texts; the form below holds the saved one.</p>
          <div className="conflict__columns">
            <div>
              <h3>Saved elsewhere</h3>
              <PlanSections content={postConflict.theirs} headingLevel={4} />
            </div>
            <div>
              <h3>What you sent (not saved)</h3>
              <PlanSections content={postConflict.yours} headingLevel={4} />
            </div>
          </div>
        </section>
      ) : null}

      <SubmissionAlert result={page.editable ? otherResult : (otherResult ?? planResult)} />
      {page.editable ? (
        <PlanEditor
          key={`${plan.id}:${plan.status}`}
          cohortId={cohort.id}
          planId={plan.id}
          version={plan.version}
          content={plan.content}
          unitPrompt={plan.unitPrompt}
          notes={notes}
          result={planResult}
        />
      ) : (
        <section className="card" aria-label="The plan">
          <PlanSections content={plan.content} notes={notes} />
        </section>
      )}

      {isAuthor ? <AuthorActions page={page} /> : null}
      {page.canReview && page.changesSinceLast ? (
        <section className="card" aria-labelledby="changes-title">
          <h2 id="changes-title">{`What changed in version ${page.changesSinceLast.number}`}</h2>
          <ChangesView changes={page.changesSinceLast.changes} headingLevel={3} />
        </section>
      ) : null}
      {page.canReview ? (
        <ReviewForm idempotencyKey={page.idempotencyKey} result={resultOf('review')} />
      ) : (
        <SubmissionAlert result={resultOf('review')} />
      )}
      {plan.sharedAt || viewer.how === 'peer' ? (
        <Comments page={page} result={resultOf('comment')} />
      ) : (
        <SubmissionAlert result={resultOf('comment')} />
      )}
    </article>
  );
}

function AuthorActions({ page }: { page: PageData }) {
  const { plan, volunteering } = page;
  if (plan.status === 'draft') return null;
  return (
    <section className="card no-print" aria-labelledby="sharing-title">
      {plan.status === 'submitted' ? (
        <div className="withdraw">
          <h2>Waiting for your coach</h2>
          <p className="muted">
            Handed in by mistake, or thought of something? You can take it back until your coach
            answers.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw-submission" />
            <button type="submit" className="button">
              Take it back to edit
            </button>
          </Form>
        </div>
      ) : null}
      <h2 id="sharing-title">Sharing</h2>
      {plan.sharedAt ? (
        <>
          <p>Your plan is in the cohort’s gallery, where peers can leave a “glow” and a “grow”.</p>
          <Form method="post">
            <input type="hidden" name="intent" value="unshare" />
            <button type="submit" className="button">
              Unshare (make it private again)
            </button>
          </Form>
        </>
      ) : (
        <>
          <p>
            Only you, your coach and your facilitator can read this plan. Sharing puts it in the
            cohort’s gallery; you can unshare at any time.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="share" />
            <button type="submit" className="button button--primary">
              Share with the cohort
            </button>
          </Form>
        </>
      )}
      {volunteering && !volunteering.finished ? (
        <div className="volunteer">
          <h3>Share-out</h3>
          <p className="muted">{volunteering.coachingSessionTitle}</p>
          {volunteering.volunteered ? (
            <Form method="post">
              <p>You volunteered to present this plan early in the share-out. Thank you!</p>
              <input type="hidden" name="intent" value="withdraw-volunteer" />
              <button type="submit" className="button button--quiet">
                Withdraw my offer
              </button>
            </Form>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="volunteer" />
              <button type="submit" className="button">
                Volunteer to present this plan first
              </button>
            </Form>
          )}
        </div>
      ) : null}
    </section>
  );
}

const reviewSections: { section: PlanSection; name: Exclude<keyof ReviewFields, 'decision'> }[] = [
  { section: 'goal', name: 'goalNote' },
  { section: 'measure', name: 'measureNote' },
  { section: 'steps', name: 'stepsNote' },
  { section: 'support', name: 'supportNote' },
  { section: 'context', name: 'contextNote' },
];

type ReviewFields = {
  decision: 'accepted' | 'revision-requested';
  goalNote: string;
  measureNote: string;
  stepsNote: string;
  supportNote: string;
  contextNote: string;
  overallNote: string;
};

function ReviewForm({
  idempotencyKey,
  result,
}: {
  idempotencyKey: string;
  result: SubmissionResult<string[]> | undefined;
}) {
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<ReviewFields>({ lastResult: result });
  const decisionError = fields.decision.errors?.[0];
  return (
    <section className="card no-print" aria-labelledby="review-form-title">
      <h2 id="review-form-title">Your feedback</h2>
      <p className="muted">
        Leave a note on any section; the participant sees each note under its section and gets an
        email.
      </p>
      <Form method="post" className="form" {...getFormProps(form)}>
        {form.errors?.length ? (
          <div className="alert alert--error" role="alert" id={form.errorId}>
            {form.errors.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        ) : null}
        <input type="hidden" name="intent" value="review" />
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        {reviewSections.map(({ section, name }) => (
          <NoteField
            key={section}
            id={`review-${section}`}
            field={fields[name]}
            label={`Note on “${sectionLabels[section]}” (optional)`}
            rows={2}
            maxLength={2000}
          />
        ))}
        <NoteField
          id="review-overall"
          field={fields.overallNote}
          label="Overall note (optional)"
          rows={3}
          maxLength={4000}
        />
        <fieldset
          className="field"
          key={fields.decision.key}
          aria-describedby={decisionError ? fields.decision.errorId : undefined}
        >
          <legend>Decision</legend>
          <label className="choice">
            <input
              type="radio"
              name={fields.decision.name}
              value="accepted"
              required
              defaultChecked={fields.decision.initialValue === 'accepted'}
            />{' '}
            Accept the plan
          </label>
          <label className="choice">
            <input
              type="radio"
              name={fields.decision.name}
              value="revision-requested"
              defaultChecked={fields.decision.initialValue === 'revision-requested'}
            />{' '}
            Ask for a revision
          </label>
          {decisionError ? (
            <p className="field-error" id={fields.decision.errorId}>
              {decisionError}
            </p>
          ) : null}
        </fieldset>
        <div className="actions-row">
          <button type="submit" className="button button--primary">
            Send feedback
          </button>
        </div>
      </Form>
    </section>
  );
}

/** A coach's note: what was typed comes back with the message when the answer is refused. */
function NoteField({
  id,
  field,
  label,
  rows,
  maxLength,
}: {
  id: string;
  field: FieldMetadata<string, ReviewFields>;
  label: string;
  rows: number;
  maxLength: number;
}) {
  const error = field.errors?.[0];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        key={field.key}
        name={field.name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={typeof field.initialValue === 'string' ? field.initialValue : ''}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? field.errorId : undefined}
      />
      {error ? (
        <p className="field-error" id={field.errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Comments({
  page,
  result,
}: {
  page: PageData;
  result: SubmissionResult<string[]> | undefined;
}) {
  return (
    <section className="card" aria-labelledby="comments-title">
      <h2 id="comments-title">Glows and grows</h2>
      <CommentList comments={page.comments} timezone={page.cohort.timezone} />
      {/* a fresh form once a comment is taken, so an earlier refusal's message goes */}
      <CommentForm key={result ? 'refused' : 'ready'} result={result} />
    </section>
  );
}

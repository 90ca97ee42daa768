import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { handleSubmit, requireParticipant } from '~/assessment/actions.server';
import { getTakingState } from '~/assessment/taking.server';
import { notFound } from '~/permissions/permissions.server';
import { SubmissionAlert } from '~/components/forms';

export const meta: MetaFunction = () => [{ title: 'Review your answers · Pre-assessment · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort, memberId } = await requireParticipant(context, request, params.cohortId);
  const state = await getTakingState(context.db, { cohortId: cohort.id, memberId });
  if (!state) notFound('This program has no pre-assessment yet.');
  if (state.submittedAt || cohort.status !== 'assessing') {
    // a page, not a redirect, so a refused second submit still reads as a 400
    return {
      closed: state.submittedAt
        ? 'You have submitted the pre-assessment.'
        : 'The pre-assessment is not open.',
      answeredCount: state.answeredCount,
      items: [],
    };
  }
  const answered = new Set(state.answeredItemIds);
  return {
    closed: null,
    answeredCount: state.answeredCount,
    items: state.assessment.items.map((item, index) => {
      const answer = state.answers.find((entry) => entry.itemId === item.id);
      let summary: string | null = null;
      if (answered.has(item.id) && answer) {
        if (item.kind === 'self-rating' && answer.rating) {
          summary = `Level ${answer.rating}: ${item.options[answer.rating - 1] ?? ''}`;
        } else if (item.kind === 'open-text') {
          summary = answer.text;
        } else {
          summary = (answer.choices ?? []).map((choice) => item.options[choice]).join('; ');
        }
      }
      return { id: item.id, number: index + 1, prompt: item.prompt, summary };
    }),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleSubmit(context, request, params.cohortId);
}

export default function ReviewPage() {
  const { items, answeredCount, closed } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const unanswered = items.length - answeredCount;
  if (closed) {
    return (
      <section className="card" aria-labelledby="review-title">
        <h2 id="review-title">Pre-assessment</h2>
        <p>{closed}</p>
        <Link to=".." relative="path" className="button">
          Back to the pre-assessment
        </Link>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="review-title">
      <h2 id="review-title">Review your answers</h2>
      <p>
        {answeredCount} of {items.length} answered.
        {unanswered > 0
          ? ` ${unanswered} ${unanswered === 1 ? 'question is' : 'questions are'} unanswered; unanswered questions are left out of your scores.`
          : ' Everything is answered.'}{' '}
        You can submit once; after that your answers no longer change.
      </p>
      <SubmissionAlert result={reply?.result} />
      <ol className="review-list">
        {items.map((item) => (
          <li key={item.id}>
            <p className="review-list__prompt">{item.prompt}</p>
            <p className={item.summary ? '' : 'muted'}>
              {item.summary ?? <strong>Not answered</strong>}{' '}
              <Link to={`../questions/${item.number}`} relative="path">
                Change<span className="sr-only"> the answer to question {item.number}</span>
              </Link>
            </p>
          </li>
        ))}
      </ol>
      <Form method="post">
        <input type="hidden" name="intent" value="submit" />
        <button type="submit" className="button button--primary" disabled={busy}>
          Submit the pre-assessment
        </button>
      </Form>
    </section>
  );
}

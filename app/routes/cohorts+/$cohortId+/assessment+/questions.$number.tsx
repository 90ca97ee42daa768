import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useFetcher, useLoaderData, useParams } from '@remix-run/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { handleAnswer, requireParticipant } from '~/assessment/actions.server';
import { getTakingState } from '~/assessment/taking.server';
import { notFound } from '~/permissions/permissions.server';
import { formatDateTime } from '~/utils/dates';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title:
      data && data.closed === null
        ? `Question ${data.number} of ${data.total} · Pre-assessment · Cadre`
        : 'Pre-assessment · Cadre',
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort, memberId } = await requireParticipant(context, request, params.cohortId);
  const state = await getTakingState(context.db, { cohortId: cohort.id, memberId });
  if (!state) notFound('This program has no pre-assessment yet.');
  if (state.submittedAt || cohort.status !== 'assessing') {
    // a page, not a redirect, so a refused late answer still reads as a 400
    return {
      closed: state.submittedAt
        ? 'You have submitted the pre-assessment, so answers no longer change.'
        : 'The pre-assessment is not open.',
    } as const;
  }
  const number = Number(params.number);
  const item = Number.isInteger(number) ? state.assessment.items[number - 1] : undefined;
  if (!item) notFound('There is no question with that number.');
  const answer = state.answers.find((entry) => entry.itemId === item.id) ?? null;
  return {
    closed: null,
    number,
    total: state.assessment.items.length,
    answeredCount: state.answeredCount,
    timezone: cohort.timezone,
    item: {
      id: item.id,
      kind: item.kind,
      prompt: item.prompt,
      options: item.options,
      competency: `${item.competencyCode} ${item.competencyTitle}`,
    },
    answer,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleAnswer(context, request, params);
}

type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error';

export default function QuestionPage() {
  const page = useLoaderData<typeof loader>();
  if (page.closed !== null) {
    return (
      <section className="card" aria-labelledby="closed-title">
        <h2 id="closed-title">Pre-assessment</h2>
        <p>{page.closed}</p>
        <Link to="../.." relative="path" className="button">
          Back to the pre-assessment
        </Link>
      </section>
    );
  }
  // a fresh form per question: its save state and refusal belong to that question alone
  return <Question key={page.item.id} {...page} />;
}

function Question({
  number,
  total,
  item,
  answer,
  timezone,
  answeredCount,
}: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { closed: null }>) {
  const reply = useActionData<typeof action>();
  const fetcher = useFetcher<typeof action>();
  const { cohortId } = useParams();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const last = number === total;

  const autosave = () => {
    if (!formRef.current) return;
    const formData = new FormData(formRef.current);
    formData.set('then', 'stay');
    setSaveState('saving');
    fetcher.submit(formData, { method: 'post' });
  };

  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return;
    setSaveState('saved' in fetcher.data ? 'saved' : 'error');
  }, [fetcher.state, fetcher.data]);

  useEffect(() => () => clearTimeout(timer.current), []);

  // each question starts at its answer, not at the top of the page: the chosen option (arrow
  // keys change it), else the first one, else the text box
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const target =
      form.querySelector<HTMLInputElement>('.choices input:checked') ??
      form.querySelector<HTMLInputElement | HTMLTextAreaElement>('.choices input, textarea');
    target?.focus({ preventScroll: false });
  }, [item.id]);

  const onChange = (event: FormEvent<HTMLFormElement>) => {
    clearTimeout(timer.current);
    if (event.target instanceof HTMLTextAreaElement) {
      setSaveState('dirty');
      timer.current = setTimeout(autosave, 700);
    } else {
      autosave();
    }
  };

  // the autosave's answer, else the answer to a post sent without JavaScript: a later save
  // clears an earlier refusal
  const lastResult = fetcher.data?.result ?? reply?.result;
  // validated on the server only: the item decides what an answer may be
  const [form] = useForm({ lastResult });
  // one message at a time, the form's own first (a field error is a hand-made post)
  const error = form.errors?.[0] ?? Object.values(form.allErrors).flat()[0] ?? null;
  const savedAt =
    fetcher.data && 'savedAt' in fetcher.data ? fetcher.data.savedAt : (answer?.updatedAt ?? null);
  const statusText =
    saveState === 'saving'
      ? 'Saving…'
      : saveState === 'dirty'
        ? 'Unsaved changes…'
        : saveState === 'error'
          ? 'Not saved'
          : savedAt
            ? `Saved ${formatDateTime(savedAt, timezone)}`
            : 'Not answered yet';

  return (
    <section className="card question" aria-labelledby="question-title">
      <div className="card__header">
        <h2 id="question-title">
          Question {number} of {total}
        </h2>
        <p className={`save-state save-state--${saveState}`} role="status" aria-live="polite">
          {statusText}
        </p>
      </div>
      <progress max={total} value={answeredCount} aria-label="Questions answered">
        {answeredCount} of {total} answered
      </progress>
      <p className="muted">{item.competency}</p>
      {error ? (
        <div className="alert alert--error" role="alert" id={form.errorId}>
          {error}
        </div>
      ) : null}
      <Form
        method="post"
        className="form"
        ref={formRef}
        onChange={onChange}
        {...getFormProps(form)}
      >
        <input type="hidden" name="itemId" value={item.id} />
        <AnswerFields item={item} answer={answer} errorId={error ? form.errorId : undefined} />
        <div className="actions-row">
          {number > 1 ? (
            <button type="submit" name="then" value="previous" className="button">
              Previous
            </button>
          ) : null}
          <button
            type="submit"
            name="then"
            value={last ? 'review' : 'next'}
            className="button button--primary"
          >
            {last ? 'Save and review' : 'Save and continue'}
          </button>
          <Link to={`/cohorts/${cohortId}/assessment/review`} className="button button--quiet">
            Review all answers
          </Link>
        </div>
      </Form>
    </section>
  );
}

type OpenPage = Extract<ReturnType<typeof useLoaderData<typeof loader>>, { closed: null }>;
type LoaderItem = OpenPage['item'];
type LoaderAnswer = OpenPage['answer'];

function AnswerFields({
  item,
  answer,
  errorId,
}: {
  item: LoaderItem;
  answer: LoaderAnswer;
  /** the refusal's message, while there is one */
  errorId: string | undefined;
}) {
  const invalid = errorId !== undefined;
  const describedBy = errorId;
  if (item.kind === 'open-text') {
    return (
      <div className="field">
        <label htmlFor="answer-text">{item.prompt}</label>
        <textarea
          id="answer-text"
          name="text"
          rows={7}
          maxLength={5000}
          defaultValue={answer?.text ?? ''}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
        />
      </div>
    );
  }
  const chosen = answer?.choices ?? [];
  return (
    <fieldset className="choices" aria-describedby={describedBy}>
      <legend>{item.prompt}</legend>
      {item.kind === 'multi-choice' ? <p className="muted">Choose all that apply.</p> : null}
      {item.options.map((option, index) => {
        const id = `option-${index}`;
        if (item.kind === 'self-rating') {
          return (
            <div className="choice" key={id}>
              <input
                type="radio"
                id={id}
                name="rating"
                value={index + 1}
                defaultChecked={answer?.rating === index + 1}
              />
              <label htmlFor={id}>
                <strong>Level {index + 1}.</strong> {option}
              </label>
            </div>
          );
        }
        return (
          <div className="choice" key={id}>
            <input
              type={item.kind === 'multi-choice' ? 'checkbox' : 'radio'}
              id={id}
              name="choice"
              value={index}
              defaultChecked={chosen.includes(index)}
            />
            <label htmlFor={id}>{option}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import type { AssessmentItemKind } from '../../../db/schema';

/** What the form shows: level and option slots as typed, right answers by option slot. */
export interface ItemFormValues {
  kind: string;
  competencyId: string;
  prompt: string;
  levels: string[];
  options: string[];
  correct: number[];
}

/** A stored question in the form's shape. */
export function itemFormValues(item: {
  kind: AssessmentItemKind;
  competencyId: string;
  prompt: string;
  options: string[];
  correct: number[];
}): ItemFormValues {
  const isRating = item.kind === 'self-rating';
  return {
    kind: item.kind,
    competencyId: item.competencyId,
    prompt: item.prompt,
    levels: isRating ? item.options : [],
    options: isRating ? [] : item.options,
    correct: item.correct,
  };
}

/** What a refused form sent, back in the form's shape. */
function typedValues(initial: Record<string, unknown>): ItemFormValues {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const slot = (name: string, count: number) =>
    Array.from({ length: count }, (_, index) => text(initial[`${name}${index}`]));
  const correct = initial.correct === undefined ? [] : [initial.correct].flat();
  return {
    kind: text(initial.kind),
    competencyId: text(initial.competencyId),
    prompt: text(initial.prompt),
    levels: slot('level', 4),
    options: slot('option', 8),
    correct: correct.map(Number).filter((index) => Number.isInteger(index)),
  };
}

type ErrorKey = 'kind' | 'competencyId' | 'prompt' | 'levels' | 'options' | 'correct';

const kindOptions: { value: AssessmentItemKind; label: string }[] = [
  { value: 'self-rating', label: 'Self-rating on a 1–4 scale' },
  { value: 'single-choice', label: 'Single choice (one right answer)' },
  { value: 'multi-choice', label: 'Multiple choice (all that apply)' },
  { value: 'open-text', label: 'Open text (read by the coach, not scored)' },
];

const levelNames = ['1 (beginning)', '2 (developing)', '3 (proficient)', '4 (leading)'];

/**
 * The question form shared by "add" and "edit": fixed slots for levels and options, no script
 * needed. The server checks it (Conform + zod); a refused form comes back as typed, with each
 * field's error beside it and what concerns the whole question above it.
 */
export function ItemForm({
  competencies,
  stored,
  result,
  intent,
  submitLabel,
}: {
  competencies: { id: string; code: string; title: string }[];
  stored?: ItemFormValues;
  result?: SubmissionResult<string[]>;
  intent: 'add-item' | 'update-item';
  submitLabel: string;
}) {
  const [form] = useForm({ id: intent, lastResult: result });
  const initial = result?.initialValue as Record<string, unknown> | undefined;
  const values = initial ? typedValues(initial) : stored;
  const errors = Object.fromEntries(
    Object.entries(form.allErrors).map(([name, messages]) => [name, messages[0]]),
  ) as Partial<Record<ErrorKey, string>>;
  const kind = values?.kind ?? 'self-rating';
  const levels = values?.levels ?? [];
  const options = values?.options ?? [];
  const correct = values?.correct ?? [];
  const field = (key: ErrorKey) => ({
    'aria-invalid': errors?.[key] ? true : undefined,
    'aria-describedby': errors?.[key] ? `${intent}-${key}-error` : undefined,
  });
  const error = (key: ErrorKey) =>
    errors?.[key] ? (
      <p className="field-error" id={`${intent}-${key}-error`}>
        {errors[key]}
      </p>
    ) : null;

  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      {form.errors?.length ? (
        <div className="alert alert--error" role="alert" id={form.errorId}>
          {form.errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
      <input type="hidden" name="intent" value={intent} />
      <div className="two-column two-column--even">
        <div className="field">
          <label htmlFor={`${intent}-kind`}>Kind of question</label>
          <select id={`${intent}-kind`} name="kind" defaultValue={kind} {...field('kind')}>
            {kindOptions.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          {error('kind')}
        </div>
        <div className="field">
          <label htmlFor={`${intent}-competency`}>Competency</label>
          <select
            id={`${intent}-competency`}
            name="competencyId"
            defaultValue={values?.competencyId ?? competencies[0]?.id}
            {...field('competencyId')}
          >
            {competencies.map((competency) => (
              <option key={competency.id} value={competency.id}>
                {competency.code} {competency.title}
              </option>
            ))}
          </select>
          {error('competencyId')}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${intent}-prompt`}>Question</label>
        <textarea
          id={`${intent}-prompt`}
          name="prompt"
          rows={3}
          maxLength={1000}
          required
          defaultValue={values?.prompt ?? ''}
          {...field('prompt')}
        />
        {error('prompt')}
      </div>
      <fieldset className="choices" {...field('levels')}>
        <legend>Level descriptors (self-ratings only)</legend>
        {levelNames.map((name, index) => (
          <div className="field" key={name}>
            <label htmlFor={`${intent}-level${index}`}>Level {name}</label>
            <input
              id={`${intent}-level${index}`}
              name={`level${index}`}
              type="text"
              maxLength={300}
              defaultValue={levels[index] ?? ''}
            />
          </div>
        ))}
        {error('levels')}
      </fieldset>
      <fieldset className="choices" {...field('options')}>
        <legend>Options (single and multiple choice only); tick the right answers</legend>
        {Array.from({ length: 8 }, (_, index) => (
          <div className="option-row" key={index}>
            <div className="field">
              <label htmlFor={`${intent}-option${index}`}>Option {index + 1}</label>
              <input
                id={`${intent}-option${index}`}
                name={`option${index}`}
                type="text"
                maxLength={300}
                defaultValue={options[index] ?? ''}
              />
            </div>
            <div className="choice">
              <input
                type="checkbox"
                id={`${intent}-correct${index}`}
                name="correct"
                value={index}
                defaultChecked={correct.includes(index)}
              />
              <label htmlFor={`${intent}-correct${index}`}>
                Right answer<span className="sr-only"> (option {index + 1})</span>
              </label>
            </div>
          </div>
        ))}
        {error('options')}
        {error('correct')}
      </fieldset>
      <div>
        <button type="submit" className="button button--primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

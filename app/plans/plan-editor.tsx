import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { Form, useNavigation, useSubmit } from '@remix-run/react';
import { useCallback, useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { describeAutosave, postAutosave, useAutosave } from '~/components/autosave';
import { LockedNotice } from '~/components/locked-notice';
import {
  MAX_STEPS,
  emptyStep,
  examplePlan,
  isStepEmpty,
  sameContent,
  sectionLabels,
  sectionPrompts,
  type ActionPlanStep,
  type PlanContent,
  type TextSection,
} from './content';
import { CoachNote, PlanSections } from './plan-view';

interface EditorProps {
  cohortId: string;
  planId: string;
  version: number;
  content: PlanContent;
  unitPrompt: string;
  /** the coach's notes from the last answer, shown beside each section while revising */
  notes: Partial<Record<'goal' | 'measure' | 'steps' | 'support' | 'context', string>>;
  /** the server's answer when it refused the form (without scripts, or the hand-in) */
  result: SubmissionResult<string[]> | undefined;
}

type PlanFields = Omit<PlanContent, 'steps'> & {
  version: string;
  steps: { action: string; owner: string; due: string; resources: string }[];
};

const withSteps = (content: PlanContent): PlanContent =>
  content.steps.length > 0 ? content : { ...content, steps: [emptyStep()] };

export function PlanEditor(props: EditorProps) {
  const { cohortId, planId } = props;
  const [content, setContent] = useState<PlanContent>(() => withSteps(props.content));
  const navigation = useNavigation();
  // saving pauses only while the hand-in is on its way; a refusal (400) opens the form again
  const submitting =
    navigation.state === 'submitting' && navigation.formData?.get('intent') === 'submit';
  const submit = useSubmit();
  const autosave = useAutosave<PlanContent>({
    value: content,
    initialValue: withSteps(props.content),
    initialVersion: props.version,
    storageKey: `cadre:plan-draft:${planId}`,
    isEqual: sameContent,
    replaceValue: (value) => setContent(withSteps(value)),
    save: (value, baseVersion, options) =>
      postAutosave(`/cohorts/${cohortId}/plans/${planId}/autosave`, value, baseVersion, options),
    enabled: !submitting,
  });

  const setText = (section: TextSection, value: string) =>
    setContent((current) => ({ ...current, [section]: value }));
  const setStep = (index: number, field: keyof ActionPlanStep, value: string) =>
    setContent((current) => ({
      ...current,
      steps: current.steps.map((step, at) => (at === index ? { ...step, [field]: value } : step)),
    }));
  // after "Add a step", the cursor goes into the new step's first box
  const [focusStep, setFocusStep] = useState<number | null>(null);
  useEffect(() => {
    if (focusStep === null) return;
    document.getElementById(`step-${focusStep}-action`)?.focus();
    setFocusStep(null);
  }, [focusStep]);
  const addStep = () => {
    if (content.steps.length >= MAX_STEPS) return;
    setContent((current) =>
      current.steps.length >= MAX_STEPS
        ? current
        : { ...current, steps: [...current.steps, emptyStep()] },
    );
    setFocusStep(content.steps.length);
  };
  const removeStep = (index: number) => {
    const step = content.steps[index];
    // removing a step with words in it loses them: ask first
    if (step && !isStepEmpty(step) && !window.confirm(`Remove step ${index + 1} and its text?`)) {
      return;
    }
    setContent((current) => ({
      ...current,
      steps: current.steps.filter((_, at) => at !== index),
    }));
  };

  const { flush, currentVersion } = autosave;
  const onSubmit = useCallback(
    async (event: FormEvent<HTMLFormElement>) => {
      // with scripts, saving is automatic: finish the save, then hand in with the current version
      const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
      const intent = submitter?.value ?? 'save';
      event.preventDefault();
      const form = event.currentTarget;
      const ready = await flush();
      if (!ready || intent !== 'submit') return;
      const data = new FormData(form);
      data.set('intent', 'submit');
      data.set('version', String(currentVersion()));
      submit(data, { method: 'post' });
    },
    [flush, currentVersion, submit],
  );

  // validated on the server only, so the schema stays out of the browser; the fields hold
  // their text in this component's state, which the autosave reads
  const [form, fields] = useForm<PlanFields>({
    lastResult: props.result,
    onSubmit: (event) => void onSubmit(event),
  });
  const errorOf = (name: string) => form.allErrors[name]?.[0];
  // the first form message says what happened, the rest what is missing; a hidden field's
  // message (the version) has no field to stand by
  const [headline, ...missing] = [...(form.errors ?? []), ...(fields.version.errors ?? [])];

  const statusText = describeAutosave(autosave.status, autosave.retryInSeconds);
  const conflict = autosave.conflict;

  return (
    <div className="plan-editor">
      <div className="plan-editor__form">
        <p
          className={`autosave-status autosave-status--${autosave.status}`}
          role="status"
          aria-live="polite"
        >
          {statusText}
          {autosave.status === 'invalid' && autosave.message ? `: ${autosave.message}` : ''}
        </p>
        {autosave.status === 'locked' ? <LockedNotice message={autosave.message} /> : null}
        {conflict ? (
          <section className="card conflict" role="alert" aria-labelledby="conflict-title">
            <h2 id="conflict-title">This plan was changed in another tab or window</h2>
            <p>
              Nothing has been overwritten. Compare the two texts, then choose which one to keep.
              You can copy anything you need from either side first.
            </p>
            <div className="conflict__columns">
              <div>
                <h3>Saved elsewhere</h3>
                <PlanSections content={conflict.theirs} headingLevel={4} />
              </div>
              <div>
                <h3>Yours, in this tab (not saved)</h3>
                <PlanSections content={conflict.mine} headingLevel={4} />
              </div>
            </div>
            <div className="actions-row">
              <button
                type="button"
                className="button button--primary"
                onClick={() => autosave.resolveConflict('mine')}
              >
                Keep mine and save it
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  if (window.confirm('Discard the text in this tab and use the saved text?')) {
                    autosave.resolveConflict('theirs');
                  }
                }}
              >
                Use the saved text instead
              </button>
            </div>
          </section>
        ) : null}
        {headline ? (
          <div className="alert alert--error" role="alert" id={form.errorId}>
            <p>{headline}</p>
            {missing.length > 0 ? (
              <ul>
                {missing.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {/* the hand-in waits for the save, whose failures the autosave status reports */}
        <Form method="post" className="form" {...getFormProps(form)}>
          <input type="hidden" name={fields.version.name} value={autosave.version} />
          <fieldset className="plan-fieldset" disabled={Boolean(conflict) || submitting}>
            <legend className="sr-only">Your action plan</legend>
            <TextSectionField
              section="goal"
              name={fields.goal.name}
              value={content.goal}
              onChange={setText}
              rows={3}
              note={props.notes.goal}
              error={fields.goal.errors?.[0]}
            />
            <TextSectionField
              section="measure"
              name={fields.measure.name}
              value={content.measure}
              onChange={setText}
              rows={3}
              note={props.notes.measure}
              error={fields.measure.errors?.[0]}
            />
            <fieldset
              className="steps"
              aria-describedby={fields.steps.errors ? 'steps-error steps-hint' : 'steps-hint'}
            >
              <legend>{sectionLabels.steps}</legend>
              <p className="muted" id="steps-hint">
                {sectionPrompts.steps}
              </p>
              {props.notes.steps ? <CoachNote note={props.notes.steps} /> : null}
              <FieldError id="steps-error" message={fields.steps.errors?.[0]} />
              <ol className="steps__list">
                {content.steps.map((step, index) => (
                  <li key={index} className="step">
                    <StepFieldset
                      index={index}
                      step={step}
                      name={fields.steps.name}
                      onChange={setStep}
                      errorOf={errorOf}
                      onRemove={content.steps.length > 1 ? () => removeStep(index) : null}
                    />
                  </li>
                ))}
              </ol>
              <button
                type="button"
                className="button"
                onClick={addStep}
                disabled={content.steps.length >= MAX_STEPS}
              >
                Add a step
              </button>
              {content.steps.length >= MAX_STEPS ? (
                <p className="muted">A plan holds at most {MAX_STEPS} steps.</p>
              ) : null}
            </fieldset>
            <TextSectionField
              section="support"
              name={fields.support.name}
              value={content.support}
              onChange={setText}
              rows={3}
              note={props.notes.support}
              error={fields.support.errors?.[0]}
            />
            <TextSectionField
              section="context"
              name={fields.context.name}
              value={content.context}
              onChange={setText}
              rows={3}
              note={props.notes.context}
              error={fields.context.errors?.[0]}
            />
          </fieldset>
          <div className="actions-row">
            <button
              type="submit"
              name="intent"
              value="save"
              className="button"
              disabled={Boolean(conflict) || submitting}
            >
              Save draft
            </button>
            <button
              type="submit"
              name="intent"
              value="submit"
              className="button button--primary"
              disabled={Boolean(conflict) || submitting}
            >
              {submitting ? 'Submitting…' : 'Submit to your coach'}
            </button>
          </div>
        </Form>
      </div>
      <aside className="plan-editor__help card" aria-labelledby="help-title">
        <h2 id="help-title">Writing a strong plan</h2>
        {props.unitPrompt ? <p>{props.unitPrompt}</p> : null}
        <p>
          Keep it <strong>SMART</strong>: specific, measurable, achievable, relevant and time-bound.
          Your draft saves as you type, so you can leave and come back.
        </p>
        <details>
          <summary>See an example plan</summary>
          <PlanSections content={examplePlan} headingLevel={3} />
        </details>
      </aside>
    </div>
  );
}

function TextSectionField({
  section,
  name,
  value,
  onChange,
  rows,
  note,
  error,
}: {
  section: TextSection;
  name: string;
  value: string;
  onChange: (section: TextSection, value: string) => void;
  rows: number;
  note?: string;
  /** the server's message for this section */
  error?: string;
}) {
  const id = `plan-${section}`;
  return (
    <div className="field">
      <label htmlFor={id}>{sectionLabels[section]}</label>
      <p className="muted" id={`${id}-hint`}>
        {sectionPrompts[section]}
      </p>
      {note ? <CoachNote note={note} /> : null}
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={2000}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
        onChange={(event) => onChange(section, event.target.value)}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p className="field-error" id={id}>
      {message}
    </p>
  ) : null;
}

type StepField = keyof ActionPlanStep;

/** One step's four fields, each with the server's message for it when the form was refused. */
function StepFieldset({
  index,
  step,
  name,
  onChange,
  errorOf,
  onRemove,
}: {
  index: number;
  step: ActionPlanStep;
  /** the list's form name, `steps` */
  name: string;
  onChange: (index: number, field: StepField, value: string) => void;
  errorOf: (name: string) => string | undefined;
  onRemove: (() => void) | null;
}) {
  const field = (key: StepField) => {
    const id = `step-${index}-${key}`;
    const error = errorOf(`${name}[${index}].${key}`);
    return {
      input: {
        id,
        name: `${name}[${index}].${key}`,
        value: step[key],
        'aria-invalid': error ? true : undefined,
        'aria-describedby': error ? `${id}-error` : undefined,
        onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
          onChange(index, key, event.target.value),
      },
      error: <FieldError id={`${id}-error`} message={error} />,
    };
  };
  const action = field('action');
  const owner = field('owner');
  const due = field('due');
  const resources = field('resources');
  return (
    <fieldset>
      <legend>Step {index + 1}</legend>
      <div className="field">
        <label htmlFor={action.input.id}>Action</label>
        <textarea rows={2} maxLength={500} {...action.input} />
        {action.error}
      </div>
      <div className="step__row">
        <div className="field">
          <label htmlFor={owner.input.id}>Who</label>
          <input type="text" maxLength={120} {...owner.input} />
          {owner.error}
        </div>
        <div className="field">
          <label htmlFor={due.input.id}>By when</label>
          <input type="date" min="2000-01-01" max="2100-12-31" {...due.input} />
          {due.error}
        </div>
      </div>
      <div className="field">
        <label htmlFor={resources.input.id}>Resources needed</label>
        <input type="text" maxLength={500} {...resources.input} />
        {resources.error}
      </div>
      {onRemove ? (
        <button type="button" className="button button--quiet" onClick={onRemove}>
          Remove step {index + 1}
        </button>
      ) : null}
    </fieldset>
  );
}

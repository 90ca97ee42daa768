import { Form, useNavigation, useSubmit } from '@remix-run/react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
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
  error: string | null;
  missing: string[];
}

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
        {props.error ? (
          <div className="alert alert--error" role="alert" id="plan-error">
            <p>{props.error}</p>
            {props.missing.length > 0 ? (
              <ul>
                {props.missing.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {/* the hand-in waits for the save, whose failures the autosave status reports */}
        <Form method="post" className="form" onSubmit={(event) => void onSubmit(event)}>
          <input type="hidden" name="version" value={autosave.version} />
          <fieldset className="plan-fieldset" disabled={Boolean(conflict) || submitting}>
            <legend className="sr-only">Your action plan</legend>
            <TextSectionField
              section="goal"
              value={content.goal}
              onChange={setText}
              rows={3}
              note={props.notes.goal}
            />
            <TextSectionField
              section="measure"
              value={content.measure}
              onChange={setText}
              rows={3}
              note={props.notes.measure}
            />
            <fieldset className="steps" aria-describedby="steps-hint">
              <legend>{sectionLabels.steps}</legend>
              <p className="muted" id="steps-hint">
                {sectionPrompts.steps}
              </p>
              {props.notes.steps ? <CoachNote note={props.notes.steps} /> : null}
              <ol className="steps__list">
                {content.steps.map((step, index) => (
                  <li key={index} className="step">
                    <fieldset>
                      <legend>Step {index + 1}</legend>
                      <div className="field">
                        <label htmlFor={`step-${index}-action`}>Action</label>
                        <textarea
                          id={`step-${index}-action`}
                          name={`steps[${index}].action`}
                          rows={2}
                          maxLength={500}
                          value={step.action}
                          onChange={(event) => setStep(index, 'action', event.target.value)}
                        />
                      </div>
                      <div className="step__row">
                        <div className="field">
                          <label htmlFor={`step-${index}-owner`}>Who</label>
                          <input
                            type="text"
                            id={`step-${index}-owner`}
                            name={`steps[${index}].owner`}
                            maxLength={120}
                            value={step.owner}
                            onChange={(event) => setStep(index, 'owner', event.target.value)}
                          />
                        </div>
                        <div className="field">
                          <label htmlFor={`step-${index}-due`}>By when</label>
                          <input
                            type="date"
                            id={`step-${index}-due`}
                            name={`steps[${index}].due`}
                            min="2000-01-01"
                            max="2100-12-31"
                            value={step.due}
                            onChange={(event) => setStep(index, 'due', event.target.value)}
                          />
                        </div>
                      </div>
                      <div className="field">
                        <label htmlFor={`step-${index}-resources`}>Resources needed</label>
                        <input
                          type="text"
                          id={`step-${index}-resources`}
                          name={`steps[${index}].resources`}
                          maxLength={500}
                          value={step.resources}
                          onChange={(event) => setStep(index, 'resources', event.target.value)}
                        />
                      </div>
                      {content.steps.length > 1 ? (
                        <button
                          type="button"
                          className="button button--quiet"
                          onClick={() => removeStep(index)}
                        >
                          Remove step {index + 1}
                        </button>
                      ) : null}
                    </fieldset>
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
              value={content.support}
              onChange={setText}
              rows={3}
              note={props.notes.support}
            />
            <TextSectionField
              section="context"
              value={content.context}
              onChange={setText}
              rows={3}
              note={props.notes.context}
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
  value,
  onChange,
  rows,
  note,
}: {
  section: TextSection;
  value: string;
  onChange: (section: TextSection, value: string) => void;
  rows: number;
  note?: string;
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
        name={section}
        rows={rows}
        maxLength={2000}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(section, event.target.value)}
      />
    </div>
  );
}

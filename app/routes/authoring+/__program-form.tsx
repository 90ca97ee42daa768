import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { TextField, SelectField } from '~/components/forms';
import { AUDIENCES, FORMATS, GRADE_LEVELS } from '~/authoring/vocabulary';
import { asList, asText, CheckboxGroup, FormErrors, getIn, TextAreaField } from './__fields';

export interface ProgramValues {
  title: string;
  summary: string;
  description: string;
  topics: string;
  outcomes: string;
  audiences: string[];
  gradeLevels: string[];
  format: string;
  hoursPerCredential: string;
  hoursForCompleting: string;
  hoursForAttaining: string;
}

/** The program's details, for a new program and for a draft's editor. */
export function ProgramForm({
  values,
  lastResult,
  intent,
  submitLabel,
  disabled = false,
}: {
  values: ProgramValues;
  lastResult?: SubmissionResult<string[]> | null;
  intent: string;
  submitLabel: string;
  disabled?: boolean;
}) {
  // validated on the server only, so the schema stays out of the browser
  const [form] = useForm({ id: `program-${intent}`, lastResult, shouldRevalidate: 'onBlur' });
  const current = (lastResult?.initialValue as Record<string, unknown> | undefined) ?? values;
  const text = (name: keyof ProgramValues) => asText(getIn(current, name));
  const error = (name: string) => form.allErrors[name]?.[0];
  return (
    <Form method="post" className="form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <FormErrors errors={form.errors} id={form.errorId} />
      <fieldset className="settings-group" disabled={disabled}>
        <legend>About the program</legend>
        <TextField
          type="text"
          name="title"
          label="Title"
          required
          maxLength={200}
          defaultValue={text('title')}
          error={error('title')}
        />
        <TextAreaField
          name="summary"
          label="Summary"
          rows={3}
          maxLength={1000}
          defaultValue={text('summary')}
          error={error('summary')}
          hint="One paragraph for the catalog card."
        />
        <TextAreaField
          name="description"
          label="Description (Markdown, optional)"
          rows={5}
          maxLength={20000}
          defaultValue={text('description')}
          error={error('description')}
        />
        <TextAreaField
          name="topics"
          label="Topics"
          rows={3}
          defaultValue={text('topics')}
          error={error('topics')}
          hint="One a line, e.g. Classroom management."
        />
        <TextAreaField
          name="outcomes"
          label="Outcomes"
          rows={4}
          defaultValue={text('outcomes')}
          error={error('outcomes')}
          hint="One a line: what participants will be able to do."
        />
      </fieldset>
      <fieldset className="settings-group" disabled={disabled}>
        <legend>Who it is for</legend>
        <CheckboxGroup
          name="audiences"
          legend="Audiences"
          options={AUDIENCES}
          checked={asList(getIn(current, 'audiences'))}
          error={error('audiences')}
        />
        <CheckboxGroup
          name="gradeLevels"
          legend="Grade levels"
          options={GRADE_LEVELS}
          checked={asList(getIn(current, 'gradeLevels'))}
          error={error('gradeLevels')}
        />
        <SelectField
          name="format"
          label="Format"
          defaultValue={text('format') || 'blended'}
          error={error('format')}
        >
          {FORMATS.map((format) => (
            <option key={format.value} value={format.value}>
              {format.label}
            </option>
          ))}
        </SelectField>
      </fieldset>
      <fieldset className="settings-group" disabled={disabled}>
        <legend>Hours</legend>
        <TextField
          type="text"
          inputMode="decimal"
          name="hoursPerCredential"
          label="About how many hours one micro-credential takes"
          required
          className="input--short"
          defaultValue={text('hoursPerCredential')}
          error={error('hoursPerCredential')}
        />
        <TextField
          type="text"
          inputMode="decimal"
          name="hoursForCompleting"
          label="Hours for completing the program"
          required
          className="input--short"
          defaultValue={text('hoursForCompleting')}
          error={error('hoursForCompleting')}
        />
        <TextField
          type="text"
          inputMode="decimal"
          name="hoursForAttaining"
          label="Extra hours for earning a micro-credential"
          required
          className="input--short"
          defaultValue={text('hoursForAttaining')}
          error={error('hoursForAttaining')}
        />
      </fieldset>
      {disabled ? null : (
        <button type="submit" className="button button--primary">
          {submitLabel}
        </button>
      )}
    </Form>
  );
}

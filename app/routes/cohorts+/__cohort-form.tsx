import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { Form, useNavigation } from '@remix-run/react';
import { SelectField, TextField } from '~/components/forms';
import { PersonPicker } from '~/components/person-picker';
import { useHydrated } from '~/components/server-combobox';
import type { SearchOption, SearchPage } from '~/search/search';

export interface CohortFormValues {
  programId: string;
  name: string;
  capacity: number | string;
  startsOn: string;
  endsOn: string;
  timezone: string;
  coachId: string | null;
}

export interface CohortFormProps {
  /** what the form shows before it is sent; a refused form shows what was sent */
  values: Partial<CohortFormValues>;
  lastResult?: SubmissionResult<string[]> | null;
  programs: { id: string; title: string }[];
  /** the coach picker: who is chosen, and what a no-script search found */
  coach: { selected: SearchOption | null; fallback: { query: string; page: SearchPage } | null };
  /** the cohort whose organization the coach picker searches (its settings) */
  cohortId?: string;
  timezones: string[];
  submitLabel: string;
}

/** The cohort's settings, shared by "new cohort" and "settings"; works without JavaScript. */
export function CohortForm({
  values,
  lastResult,
  programs,
  coach,
  cohortId,
  timezones,
  submitLabel,
}: CohortFormProps) {
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const hydrated = useHydrated();
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<Record<keyof CohortFormValues | 'intent', string>>({
    lastResult,
    defaultValue: {
      ...values,
      capacity: String(values.capacity ?? 20),
      coachId: values.coachId ?? '',
    },
  });
  const error = (name: keyof typeof fields) => fields[name].errors?.[0];
  // a refused intent is this form's own hidden field: said with the form's errors
  const formErrors = [...(form.errors ?? []), ...(fields.intent.errors ?? [])];

  return (
    <Form method="post" className="form form--narrow" {...getFormProps(form)}>
      <input type="hidden" name={fields.intent.name} value="save" />
      {hydrated ? null : (
        // NOTE: Enter in a field presses the form's first submit button; without script the
        // coach search adds one, so this twin of the save button comes first
        <button type="submit" className="sr-only" tabIndex={-1} aria-hidden="true">
          {submitLabel}
        </button>
      )}
      {formErrors.length > 0 ? (
        <div className="alert alert--error" role="alert" id={form.errorId}>
          {formErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
      <TextField
        name={fields.name.name}
        label="Cohort name"
        type="text"
        required
        maxLength={120}
        defaultValue={fields.name.initialValue}
        error={error('name')}
      />
      <SelectField
        name={fields.programId.name}
        label="Program"
        required
        defaultValue={fields.programId.initialValue}
        error={error('programId')}
      >
        {programs.map((program) => (
          <option key={program.id} value={program.id}>
            {program.title}
          </option>
        ))}
      </SelectField>
      <TextField
        name={fields.capacity.name}
        label="Capacity"
        type="number"
        min={2}
        max={40}
        required
        defaultValue={fields.capacity.initialValue}
        error={error('capacity')}
        hint="Between 2 and 40. The program is designed for cohorts of 15–20 educators."
      />
      <div className="two-column two-column--even">
        <TextField
          name={fields.startsOn.name}
          label="Starts on"
          type="date"
          required
          defaultValue={fields.startsOn.initialValue}
          error={error('startsOn')}
        />
        <TextField
          name={fields.endsOn.name}
          label="Ends on"
          type="date"
          required
          defaultValue={fields.endsOn.initialValue}
          error={error('endsOn')}
        />
      </div>
      <SelectField
        name={fields.timezone.name}
        label="Time zone"
        required
        defaultValue={fields.timezone.initialValue}
        error={error('timezone')}
        hint="Session times are shown to everyone in this zone, with the zone named."
      >
        {timezones.map((zone) => (
          <option key={zone} value={zone}>
            {zone.replace(/_/g, ' ')}
          </option>
        ))}
      </SelectField>
      <PersonPicker
        key={coach.selected?.id ?? 'none'}
        name={fields.coachId.name}
        label="Coach"
        kind="coach"
        cohortId={cohortId}
        selected={coach.selected}
        fallback={coach.fallback}
        emptyLabel="No coach yet"
        error={error('coachId')}
      />
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </Form>
  );
}

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
  values: Partial<CohortFormValues>;
  errors?: Partial<Record<keyof CohortFormValues | 'form', string>>;
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
  errors = {},
  programs,
  coach,
  cohortId,
  timezones,
  submitLabel,
}: CohortFormProps) {
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const hydrated = useHydrated();

  return (
    <Form method="post" className="form form--narrow" noValidate>
      <input type="hidden" name="intent" value="save" />
      {hydrated ? null : (
        // NOTE: Enter in a field presses the form's first submit button; without script the
        // coach search adds one, so this twin of the save button comes first
        <button type="submit" className="sr-only" tabIndex={-1} aria-hidden="true">
          {submitLabel}
        </button>
      )}
      {errors.form ? (
        <div className="alert alert--error" role="alert">
          {errors.form}
        </div>
      ) : null}
      <TextField
        name="name"
        label="Cohort name"
        type="text"
        required
        maxLength={120}
        defaultValue={values.name}
        error={errors.name}
      />
      <SelectField
        name="programId"
        label="Program"
        required
        defaultValue={values.programId}
        error={errors.programId}
      >
        {programs.map((program) => (
          <option key={program.id} value={program.id}>
            {program.title}
          </option>
        ))}
      </SelectField>
      <TextField
        name="capacity"
        label="Capacity"
        type="number"
        min={2}
        max={40}
        required
        defaultValue={values.capacity ?? 20}
        error={errors.capacity}
        hint="Between 2 and 40. The program is designed for cohorts of 15–20 educators."
      />
      <div className="two-column two-column--even">
        <TextField
          name="startsOn"
          label="Starts on"
          type="date"
          required
          defaultValue={values.startsOn}
          error={errors.startsOn}
        />
        <TextField
          name="endsOn"
          label="Ends on"
          type="date"
          required
          defaultValue={values.endsOn}
          error={errors.endsOn}
        />
      </div>
      <SelectField
        name="timezone"
        label="Time zone"
        required
        defaultValue={values.timezone}
        error={errors.timezone}
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
        name="coachId"
        label="Coach"
        kind="coach"
        cohortId={cohortId}
        selected={coach.selected}
        fallback={coach.fallback}
        emptyLabel="No coach yet"
        error={errors.coachId}
      />
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </Form>
  );
}

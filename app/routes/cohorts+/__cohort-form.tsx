import { Form, useNavigation } from '@remix-run/react';

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
  people: { id: string; name: string; email: string }[];
  timezones: string[];
  submitLabel: string;
}

/** The cohort's settings, shared by "new cohort" and "settings"; works without JavaScript. */
export function CohortForm({
  values,
  errors = {},
  programs,
  people,
  timezones,
  submitLabel,
}: CohortFormProps) {
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const describedBy = (field: keyof CohortFormValues, hint?: string) =>
    [errors[field] ? `${field}-error` : null, hint].filter(Boolean).join(' ') || undefined;
  const error = (field: keyof CohortFormValues) =>
    errors[field] ? (
      <p className="field-error" id={`${field}-error`}>
        {errors[field]}
      </p>
    ) : null;

  return (
    <Form method="post" className="form form--narrow" noValidate>
      <input type="hidden" name="intent" value="save" />
      {errors.form ? (
        <div className="alert alert--error" role="alert">
          {errors.form}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="name">Cohort name</label>
        <input
          id="name"
          name="name"
          type="text"
          required
          maxLength={120}
          defaultValue={values.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy('name')}
        />
        {error('name')}
      </div>
      <div className="field">
        <label htmlFor="programId">Program</label>
        <select
          id="programId"
          name="programId"
          required
          defaultValue={values.programId}
          aria-invalid={errors.programId ? true : undefined}
          aria-describedby={describedBy('programId')}
        >
          {programs.map((program) => (
            <option key={program.id} value={program.id}>
              {program.title}
            </option>
          ))}
        </select>
        {error('programId')}
      </div>
      <div className="field">
        <label htmlFor="capacity">Capacity</label>
        <input
          id="capacity"
          name="capacity"
          type="number"
          min={2}
          max={40}
          required
          defaultValue={values.capacity ?? 20}
          aria-invalid={errors.capacity ? true : undefined}
          aria-describedby={describedBy('capacity', 'capacity-hint')}
        />
        <p className="muted" id="capacity-hint">
          Between 2 and 40. The program is designed for cohorts of 15–20 educators.
        </p>
        {error('capacity')}
      </div>
      <div className="two-column two-column--even">
        <div className="field">
          <label htmlFor="startsOn">Starts on</label>
          <input
            id="startsOn"
            name="startsOn"
            type="date"
            required
            defaultValue={values.startsOn}
            aria-invalid={errors.startsOn ? true : undefined}
            aria-describedby={describedBy('startsOn')}
          />
          {error('startsOn')}
        </div>
        <div className="field">
          <label htmlFor="endsOn">Ends on</label>
          <input
            id="endsOn"
            name="endsOn"
            type="date"
            required
            defaultValue={values.endsOn}
            aria-invalid={errors.endsOn ? true : undefined}
            aria-describedby={describedBy('endsOn')}
          />
          {error('endsOn')}
        </div>
      </div>
      <div className="field">
        <label htmlFor="timezone">Time zone</label>
        <select
          id="timezone"
          name="timezone"
          required
          defaultValue={values.timezone}
          aria-invalid={errors.timezone ? true : undefined}
          aria-describedby={describedBy('timezone', 'timezone-hint')}
        >
          {timezones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
        <p className="muted" id="timezone-hint">
          Session times are shown to everyone in this zone, with the zone named.
        </p>
        {error('timezone')}
      </div>
      <div className="field">
        <label htmlFor="coachId">Coach</label>
        <select
          id="coachId"
          name="coachId"
          defaultValue={values.coachId ?? ''}
          aria-invalid={errors.coachId ? true : undefined}
          aria-describedby={describedBy('coachId')}
        >
          <option value="">No coach yet</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name} ({person.email})
            </option>
          ))}
        </select>
        {error('coachId')}
      </div>
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </Form>
  );
}

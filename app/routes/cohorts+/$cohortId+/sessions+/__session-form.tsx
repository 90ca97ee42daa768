import { Form, useNavigation } from '@remix-run/react';
import { coachingSessionKinds } from '../../../../../db/schema';
import { kindLabels } from '~/sessions/labels';

export interface SessionFormValues {
  kind: string;
  title: string;
  date: string;
  time: string;
  minutes: string;
  hostId: string;
  moduleId: string;
  meetingLink: string;
  passcode: string;
}

type Field = keyof SessionFormValues;

export interface SessionFormProps {
  values: Partial<SessionFormValues>;
  errors?: Partial<Record<Field | 'form', string>>;
  hosts: { id: string; name: string; role: string }[];
  modules: { id: string; title: string }[];
  timeZoneName: string;
  /** Cadre creates the Zoom meeting itself, so there is no link to paste */
  zoomConnected: boolean;
  /** an edit of a meeting Cadre created keeps that meeting */
  meetingManagedByZoom?: boolean;
  submitLabel: string;
}

/** The coaching session's details, shared by "schedule" and "edit"; works without JavaScript. */
export function SessionForm({
  values,
  errors = {},
  hosts,
  modules,
  timeZoneName,
  zoomConnected,
  meetingManagedByZoom = false,
  submitLabel,
}: SessionFormProps) {
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const describedBy = (field: Field, hint?: string) =>
    [errors[field] ? `${field}-error` : null, hint].filter(Boolean).join(' ') || undefined;
  const error = (field: Field) =>
    errors[field] ? (
      <p className="field-error" id={`${field}-error`}>
        {errors[field]}
      </p>
    ) : null;
  const invalid = (field: Field) => (errors[field] ? true : undefined);

  return (
    <Form method="post" className="form form--narrow" noValidate>
      <input type="hidden" name="intent" value="save" />
      {errors.form ? (
        <div className="alert alert--error" role="alert">
          {errors.form}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="kind">Kind</label>
        <select
          id="kind"
          name="kind"
          defaultValue={values.kind ?? 'coaching'}
          aria-invalid={invalid('kind')}
          aria-describedby={describedBy('kind')}
        >
          {coachingSessionKinds.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabels[kind]}
            </option>
          ))}
        </select>
        {error('kind')}
      </div>
      <div className="field">
        <label htmlFor="title">Title</label>
        <input
          id="title"
          name="title"
          type="text"
          required
          maxLength={200}
          defaultValue={values.title}
          aria-invalid={invalid('title')}
          aria-describedby={describedBy('title')}
        />
        {error('title')}
      </div>
      <div className="two-column two-column--even">
        <div className="field">
          <label htmlFor="date">Date</label>
          <input
            id="date"
            name="date"
            type="date"
            required
            defaultValue={values.date}
            aria-invalid={invalid('date')}
            aria-describedby={describedBy('date', 'when-hint')}
          />
          {error('date')}
        </div>
        <div className="field">
          <label htmlFor="time">Start time</label>
          <input
            id="time"
            name="time"
            type="time"
            required
            defaultValue={values.time}
            aria-invalid={invalid('time')}
            aria-describedby={describedBy('time', 'when-hint')}
          />
          {error('time')}
        </div>
      </div>
      <p className="muted" id="when-hint">
        In the cohort’s time zone: {timeZoneName}.
      </p>
      <div className="field">
        <label htmlFor="minutes">Length in minutes</label>
        <input
          id="minutes"
          name="minutes"
          type="number"
          min={15}
          max={480}
          step={5}
          required
          defaultValue={values.minutes ?? '60'}
          aria-invalid={invalid('minutes')}
          aria-describedby={describedBy('minutes')}
        />
        {error('minutes')}
      </div>
      <div className="field">
        <label htmlFor="hostId">Host</label>
        <select
          id="hostId"
          name="hostId"
          defaultValue={values.hostId}
          aria-invalid={invalid('hostId')}
          aria-describedby={describedBy('hostId')}
        >
          {hosts.map((host) => (
            <option key={host.id} value={host.id}>
              {host.name} ({host.role})
            </option>
          ))}
        </select>
        {error('hostId')}
      </div>
      <div className="field">
        <label htmlFor="moduleId">Linked module (optional)</label>
        <select
          id="moduleId"
          name="moduleId"
          defaultValue={values.moduleId ?? ''}
          aria-invalid={invalid('moduleId')}
          aria-describedby={describedBy('moduleId')}
        >
          <option value="">No module</option>
          {modules.map((module) => (
            <option key={module.id} value={module.id}>
              {module.title}
            </option>
          ))}
        </select>
        {error('moduleId')}
      </div>
      {meetingManagedByZoom ? (
        <p className="muted">Cadre keeps this session’s Zoom meeting in step with these details.</p>
      ) : (
        <fieldset className="stack">
          <legend>Zoom meeting</legend>
          <div className="field">
            <label htmlFor="meetingLink">Zoom join link or meeting number (optional)</label>
            <input
              id="meetingLink"
              name="meetingLink"
              type="text"
              inputMode="url"
              defaultValue={values.meetingLink}
              aria-invalid={invalid('meetingLink')}
              aria-describedby={describedBy('meetingLink', 'meetingLink-hint')}
            />
            <p className="muted" id="meetingLink-hint">
              {zoomConnected
                ? 'Leave it empty and Cadre creates a new Zoom meeting and registers every participant. Or paste the recurring meeting or personal room this cohort meets in; every session of the cohort may use the same one.'
                : 'Such as https://zoom.us/j/81234567890. Every session of this cohort may use the same recurring meeting or personal room. You can add it later.'}
            </p>
            {error('meetingLink')}
          </div>
          <div className="field">
            <label htmlFor="passcode">Passcode (optional)</label>
            <input
              id="passcode"
              name="passcode"
              type="text"
              maxLength={10}
              autoComplete="off"
              defaultValue={values.passcode}
              aria-invalid={invalid('passcode')}
              aria-describedby={describedBy('passcode')}
            />
            {error('passcode')}
          </div>
        </fieldset>
      )}
      <div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </Form>
  );
}

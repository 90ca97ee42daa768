import type { SubmissionResult } from '@conform-to/react';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, useNavigation } from '@remix-run/react';
import { coachingSessionKinds } from '../../../../../db/schema';
import { SelectField, TextField } from '~/components/forms';
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

export interface SessionFormProps {
  /** what the form starts with: the saved session, or the defaults of a new one */
  values: Partial<SessionFormValues>;
  /** the server's answer to a refused save, with what was typed */
  result?: SubmissionResult<string[]>;
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
  result,
  hosts,
  modules,
  timeZoneName,
  zoomConnected,
  meetingManagedByZoom = false,
  submitLabel,
}: SessionFormProps) {
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<SessionFormValues>({ lastResult: result, defaultValue: values });
  // date and time share one hint: both are read in the cohort's time zone
  const whenDescribedBy = (error: string | undefined, id: string) =>
    [error ? `${id}-error` : null, 'when-hint'].filter(Boolean).join(' ');
  const dateError = fields.date.errors?.[0];
  const timeError = fields.time.errors?.[0];

  return (
    <Form method="post" className="form form--narrow" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save" />
      {form.errors?.length ? (
        <div className="alert alert--error" role="alert" id={form.errorId}>
          {form.errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
      <SelectField
        name={fields.kind.name}
        label="Kind"
        defaultValue={fields.kind.initialValue ?? 'coaching'}
        error={fields.kind.errors?.[0]}
      >
        {coachingSessionKinds.map((kind) => (
          <option key={kind} value={kind}>
            {kindLabels[kind]}
          </option>
        ))}
      </SelectField>
      <TextField
        name={fields.title.name}
        label="Title"
        type="text"
        required
        maxLength={200}
        defaultValue={fields.title.initialValue ?? ''}
        error={fields.title.errors?.[0]}
      />
      <div className="two-column two-column--even">
        <TextField
          name={fields.date.name}
          label="Date"
          type="date"
          required
          defaultValue={fields.date.initialValue ?? ''}
          error={dateError}
          aria-describedby={whenDescribedBy(dateError, fields.date.name)}
        />
        <TextField
          name={fields.time.name}
          label="Start time"
          type="time"
          required
          defaultValue={fields.time.initialValue ?? ''}
          error={timeError}
          aria-describedby={whenDescribedBy(timeError, fields.time.name)}
        />
      </div>
      <p className="muted" id="when-hint">
        In the cohort’s time zone: {timeZoneName}.
      </p>
      <TextField
        name={fields.minutes.name}
        label="Length in minutes"
        type="number"
        min={15}
        max={480}
        step={5}
        required
        defaultValue={fields.minutes.initialValue ?? '60'}
        error={fields.minutes.errors?.[0]}
      />
      <SelectField
        name={fields.hostId.name}
        label="Host"
        defaultValue={fields.hostId.initialValue}
        error={fields.hostId.errors?.[0]}
      >
        {hosts.map((host) => (
          <option key={host.id} value={host.id}>
            {host.name} ({host.role})
          </option>
        ))}
      </SelectField>
      <SelectField
        name={fields.moduleId.name}
        label="Linked module (optional)"
        defaultValue={fields.moduleId.initialValue ?? ''}
        error={fields.moduleId.errors?.[0]}
      >
        <option value="">No module</option>
        {modules.map((module) => (
          <option key={module.id} value={module.id}>
            {module.title}
          </option>
        ))}
      </SelectField>
      {meetingManagedByZoom ? (
        <p className="muted">Cadre keeps this session’s Zoom meeting in step with these details.</p>
      ) : (
        <fieldset className="stack">
          <legend>Zoom meeting</legend>
          <TextField
            name={fields.meetingLink.name}
            label="Zoom join link or meeting number (optional)"
            type="text"
            inputMode="url"
            defaultValue={fields.meetingLink.initialValue ?? ''}
            error={fields.meetingLink.errors?.[0]}
            hint={
              zoomConnected
                ? 'Leave it empty and Cadre creates a new Zoom meeting and registers every participant. Or paste the recurring meeting or personal room this cohort meets in; every session of the cohort may use the same one.'
                : 'Such as https://zoom.us/j/81234567890. Every session of this cohort may use the same recurring meeting or personal room. You can add it later.'
            }
          />
          <TextField
            name={fields.passcode.name}
            label="Passcode (optional)"
            type="text"
            maxLength={10}
            autoComplete="off"
            defaultValue={fields.passcode.initialValue ?? ''}
            error={fields.passcode.errors?.[0]}
          />
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

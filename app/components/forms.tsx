import type { SubmissionResult } from '@conform-to/react';
import { Form, Link } from '@remix-run/react';
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';

interface FieldFrame {
  name: string;
  label: ReactNode;
  /** the server's message for this field; marks it invalid and is read with it */
  error?: string;
  hint?: ReactNode;
  id?: string;
}

function describedBy(id: string, error?: string, hint?: ReactNode) {
  return (
    [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') ||
    undefined
  );
}

function Frame({
  id,
  label,
  error,
  hint,
  children,
}: Omit<FieldFrame, 'name'> & { id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <p className="muted" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input whose error and hint are tied to it for screen readers. */
export function TextField({
  name,
  label,
  error,
  hint,
  id = name,
  ...input
}: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>) {
  return (
    <Frame id={id} label={label} error={error} hint={hint}>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...input}
      />
    </Frame>
  );
}

export function SelectField({
  name,
  label,
  error,
  hint,
  id = name,
  children,
  ...select
}: FieldFrame & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id'>) {
  return (
    <Frame id={id} label={label} error={error} hint={hint}>
      <select
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...select}
      >
        {children}
      </select>
    </Frame>
  );
}

/** A new password typed twice, as on every page that creates an account. */
export function NewPasswordFields({
  errors,
}: {
  errors: { password?: string; confirmPassword?: string };
}) {
  return (
    <>
      <TextField
        name="password"
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        error={errors.password}
        hint="At least 10 characters."
      />
      <TextField
        name="confirmPassword"
        label="Type it again"
        type="password"
        autoComplete="new-password"
        required
        error={errors.confirmPassword}
      />
    </>
  );
}

/**
 * The form under a "are you sure?" panel for a change that needs a written reason
 * (reversing hours, revoking a credential): the reason, the dangerous button, Cancel.
 */
export function ReasonForm({
  fields,
  label,
  submitLabel,
}: {
  /** hidden fields, e.g. `{ intent: 'revoke' }` */
  fields: Record<string, string>;
  label: string;
  submitLabel: string;
}) {
  return (
    <Form method="post" className="form form--narrow">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextField type="text" name="reason" label={label} required minLength={3} maxLength={500} />
      <div className="actions-row">
        <button type="submit" className="button button--danger">
          {submitLabel}
        </button>
        <Link to="." className="button">
          Cancel
        </Link>
      </div>
    </Form>
  );
}

/** The free-text search of a filter bar (name `q`), kept across reloads through the URL. */
export function SearchField({
  label,
  defaultValue,
  placeholder,
}: {
  label: string;
  defaultValue: string;
  placeholder: string;
}) {
  return (
    <div className="field">
      <label htmlFor="q">{label}</label>
      <input id="q" name="q" type="search" defaultValue={defaultValue} placeholder={placeholder} />
    </div>
  );
}

/**
 * A list's filters: a GET form (so the filtered list has its own address and works without
 * JavaScript), its Filter button, and Clear once anything is filtered.
 */
export function FilterForm({
  label,
  filtered,
  children,
}: {
  /** what the search landmark filters, read by screen readers */
  label: string;
  filtered: boolean;
  children: ReactNode;
}) {
  return (
    <Form method="get" className="filters" role="search" aria-label={label}>
      {children}
      <button type="submit" className="button">
        Filter
      </button>
      {filtered ? (
        <Link to="." className="button button--quiet">
          Clear
        </Link>
      ) : null}
    </Form>
  );
}

/** one of a filter form's choices, its name also its id */
export function FilterSelect({
  name,
  label,
  defaultValue,
  options,
}: {
  name: string;
  label: string;
  defaultValue: string;
  options: readonly (readonly [value: string, label: string])[];
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={defaultValue}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Every message of a refused form that has no visible field to hold it (a one-button form,
 * whose fields are hidden), announced at once.
 */
export function SubmissionAlert({
  result,
  id,
}: {
  result: SubmissionResult<string[]> | null | undefined;
  id?: string;
}) {
  const messages = [...new Set(Object.values(result?.error ?? {}).flatMap((list) => list ?? []))];
  if (messages.length === 0) return null;
  return (
    <div className="alert alert--error" role="alert" id={id}>
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

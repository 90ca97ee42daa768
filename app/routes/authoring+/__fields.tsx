import type { ReactNode, TextareaHTMLAttributes } from 'react';

/** reads `a.b[0].c` out of a nested value, as Conform names fields */
export function getIn(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export const asText = (value: unknown, fallback = '') =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;

export const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value ? [value] : [];

/** A labelled textarea whose error and hint are tied to it for screen readers. */
export function TextAreaField({
  name,
  label,
  error,
  hint,
  id = name,
  ...textarea
}: {
  name: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  id?: string;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name' | 'id'>) {
  const described =
    [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        {...textarea}
      />
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

/** Checkboxes sharing one name, in a fieldset whose legend names the question. */
export function CheckboxGroup({
  name,
  legend,
  options,
  checked,
  error,
}: {
  name: string;
  legend: string;
  options: readonly (string | { value: string; label: string })[];
  checked: string[];
  error?: string;
}) {
  return (
    <fieldset className="choices" aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((option, index) => {
        const value = typeof option === 'string' ? option : option.value;
        const label = typeof option === 'string' ? option : option.label;
        const id = `${name}-${index}`;
        return (
          <div className="choice" key={value}>
            <input
              type="checkbox"
              id={id}
              name={name}
              value={value}
              defaultChecked={checked.includes(value)}
            />
            <label htmlFor={id}>{label}</label>
          </div>
        );
      })}
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The form-level error Conform returns (e.g. "start a new version"), as an alert. */
export function FormErrors({ errors, id }: { errors?: string[]; id?: string }) {
  if (!errors?.length) return null;
  return (
    <div className="alert alert--error" role="alert" id={id}>
      {errors.map((error) => (
        <p key={error}>{error}</p>
      ))}
    </div>
  );
}

export function StatusBadge({ status }: { status: 'draft' | 'published' | 'retired' }) {
  const label = { draft: 'Draft', published: 'Published', retired: 'Retired' }[status];
  const tone = { draft: 'badge--warn', published: 'badge--ok', retired: '' }[status];
  return <span className={`badge ${tone}`}>{label}</span>;
}

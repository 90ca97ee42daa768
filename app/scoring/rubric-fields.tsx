import type { ReactNode } from 'react';
import { formatBytes } from '../evidence/labels';

interface EvidenceItem {
  id: string;
  kind: string;
  url: string | null;
  label: string | null;
  fileName: string | null;
  byteSize: number | null;
}

/** The links and files handed in as evidence, for the people who read and judge it. */
export function EvidenceItemList(props: {
  items: EvidenceItem[];
  /** where a file is downloaded from */
  fileHref: (itemId: string) => string;
}) {
  if (props.items.length === 0) return null;
  return (
    <ul className="evidence-list">
      {props.items.map((item) => (
        <li key={item.id}>
          {item.kind === 'link' ? (
            <a href={item.url ?? '#'} target="_blank" rel="noopener noreferrer nofollow">
              {item.label || item.url}
            </a>
          ) : (
            <a href={props.fileHref(item.id)} download>
              {item.fileName}
            </a>
          )}{' '}
          <span className="muted">{item.kind === 'file' ? formatBytes(item.byteSize) : ''}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * One rubric criterion as a group of form fields: its title and what "meets" looks like,
 * the fields the page asks for, and the criterion's error, tied to the group for screen readers.
 */
function CriterionFieldset(props: {
  criterion: { id: string; title: string; meetsDescription: string };
  error?: string;
  children: ReactNode;
}) {
  const { criterion, error } = props;
  const errorId = `error-${criterion.id}`;
  return (
    <fieldset className="criterion-fieldset" aria-describedby={error ? errorId : undefined}>
      <legend>{criterion.title}</legend>
      <p className="muted">Meets: {criterion.meetsDescription}</p>
      {props.children}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The rubric's criteria in order, each a group holding the fields the page asks for. */
export function RubricFields<
  Criterion extends { id: string; title: string; meetsDescription: string },
>(props: {
  criteria: Criterion[];
  /** the criterion's message, from whichever of its fields was refused */
  errorOf: (criterion: Criterion) => string | undefined;
  children: (criterion: Criterion, error: string | undefined) => ReactNode;
}) {
  return (
    <>
      {props.criteria.map((criterion) => {
        const error = props.errorOf(criterion);
        return (
          <CriterionFieldset key={criterion.id} criterion={criterion} error={error}>
            {props.children(criterion, error)}
          </CriterionFieldset>
        );
      })}
    </>
  );
}

/**
 * A labelled note of up to 10,000 characters: a criterion's note or feedback, or the
 * overall one. Its own message is shown under it; a criterion's message is shown by the
 * group and only pointed at (`errorId`).
 */
export function NoteField(props: {
  id: string;
  name: string;
  label: ReactNode;
  disabled: boolean;
  defaultValue?: string;
  error?: string;
  /** the element that already shows this note's message */
  errorId?: string;
}) {
  const { id, error } = props;
  const errorId = props.errorId ?? (error ? `${id}-error` : undefined);
  const invalid = Boolean(props.errorId) || Boolean(error);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={3}
        maxLength={10000}
        disabled={props.disabled}
        defaultValue={props.defaultValue}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid ? errorId : undefined}
      />
      {error && !props.errorId ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

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
export function CriterionFieldset(props: {
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

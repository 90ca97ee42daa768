import { Form, Link } from '@remix-run/react';
import type { ReactNode } from 'react';

/**
 * The question asked before a change that cannot be taken back: a title, what will happen, the
 * danger button that posts the given hidden fields, and Cancel, which only leaves the question.
 */
export function ConfirmPanel({
  titleId = 'confirm-title',
  title,
  fields,
  confirmLabel,
  cancelTo = '.',
  children,
}: {
  titleId?: string;
  title: ReactNode;
  /** the hidden fields the confirming form posts, intent included */
  fields: Record<string, string>;
  confirmLabel: ReactNode;
  cancelTo?: string;
  /** what the change does, in a sentence or two */
  children: ReactNode;
}) {
  return (
    <section className="card confirm-panel" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="actions-row">
        <Form method="post">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <button type="submit" className="button button--danger">
            {confirmLabel}
          </button>
        </Form>
        <Link to={cancelTo} className="button">
          Cancel
        </Link>
      </div>
    </section>
  );
}

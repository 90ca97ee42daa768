import { Form, Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { ScrollRegion } from './scroll-region';

export interface PreviewRow<Fate extends string> {
  line: number;
  name: string | null;
  email: string;
  fate: Fate;
  note: string;
}

/**
 * The preview of a list brought in by paste or CSV file: every row's fate with nothing
 * written yet, then the one button that writes it, or a sentence saying nothing would.
 */
export function ImportPreview<Fate extends string>({
  title,
  summary,
  caption,
  regionLabel,
  rows,
  fateLabels,
  markFates = false,
  confirm,
  nothingToDo,
}: {
  title: string;
  summary: ReactNode;
  /** the table's caption, read to screen readers only */
  caption: string;
  /** the scroller's name; without it, the caption names it */
  regionLabel?: string;
  rows: PreviewRow<Fate>[];
  fateLabels: Record<Fate, string>;
  /** each row carries its fate's class, which colours it */
  markFates?: boolean;
  /** the confirm form's hidden fields and button, or null when no row would change anything */
  confirm: {
    fields: Record<string, string>;
    label: string;
    busyLabel: string;
    busy: boolean;
  } | null;
  nothingToDo: string;
}) {
  const table = (
    <table className="table">
      <caption id={regionLabel ? undefined : 'preview-caption'} className="sr-only">
        {caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          <th scope="col">What happens</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr
            key={`${row.line}-${index}`}
            className={markFates ? `fate fate--${row.fate}` : undefined}
          >
            <td>{row.line}</td>
            <td>{row.name ?? <span className="muted">—</span>}</td>
            <td>{row.email}</td>
            <td>
              <strong>{fateLabels[row.fate]}</strong>
              {row.note ? <span className="muted"> · {row.note}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section className="card" aria-labelledby="preview-title">
      <h2 id="preview-title">{title}</h2>
      <p>{summary}</p>
      {regionLabel ? (
        <ScrollRegion label={regionLabel}>{table}</ScrollRegion>
      ) : (
        <ScrollRegion labelledBy="preview-caption">{table}</ScrollRegion>
      )}
      <div className="actions-row" style={{ marginTop: '1rem' }}>
        {confirm ? (
          <Form method="post">
            {Object.entries(confirm.fields).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <button type="submit" className="button button--primary" disabled={confirm.busy}>
              {confirm.busy ? confirm.busyLabel : confirm.label}
            </button>
          </Form>
        ) : (
          <p className="muted">{nothingToDo}</p>
        )}
        <Link to="." className="button">
          Start over
        </Link>
      </div>
    </section>
  );
}

export type CsvValue = string | number | null;

/** A cell a spreadsheet shows as text: quoted when needed, and never run as a formula. */
export function csvCell(value: CsvValue) {
  if (value === null) return '';
  let text = String(value);
  // numbers stay numbers (a negative hours figure is not a formula)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV, with a BOM so Excel opens accented names correctly. */
export function toCsv(rows: CsvValue[][]) {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** "spring-2027-classroom-management" from a cohort's name, for file names. */
export function fileSlug(name: string) {
  return (
    name
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'cohort'
  );
}

/** A download that is never cached and never shown inline. */
export function csvAttachment(csv: string, fileName: string) {
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

/**
 * Reads the two ways a facilitator brings people into a cohort — a pasted list of
 * addresses or a CSV roster — and plans what would happen to each person, so the preview
 * can show every row's fate before anything is written. Pure: no database, no clock.
 */

import { formatCount } from '../utils/locale';

export const ROSTER_LIMITS = { maxBytes: 1_000_000, maxRows: 500 } as const;

export interface RosterEntry {
  /** 1-based line as the person sees it in their file or paste (a CSV's header is line 1) */
  line: number;
  name: string | null;
  /** trimmed as typed, not lower-cased, so the preview shows what they wrote */
  email: string;
  stateEducatorId: string | null;
}

export type RosterParseResult = { ok: true; entries: RosterEntry[] } | { ok: false; error: string };

export type InvitationFate =
  'invite' | 'waitlist' | 'already-member' | 'already-invited' | 'duplicate' | 'invalid-email';

export interface PlannedInvitation extends RosterEntry {
  normalizedEmail: string;
  fate: InvitationFate;
  note: string;
}

const EXPECTED_HEADER = 'name,email,state educator id';

const NOT_TEXT_ERROR =
  'This file is not a CSV text file: in Excel or Google Sheets, save or download the roster as "CSV UTF-8" and import that file instead.';

// header cells are compared after lower-casing and dropping spaces, underscores and hyphens
const EMAIL_HEADERS = new Set(['email', 'emailaddress']);
const NAME_HEADERS = new Set(['name', 'fullname', 'educatorname']);
const FIRST_NAME_HEADERS = new Set(['firstname']);
const LAST_NAME_HEADERS = new Set(['lastname']);
const STATE_ID_HEADERS = new Set(['stateeducatorid', 'ppid', 'educatorid', 'stateid']);

export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/**
 * A practical check, not RFC 5322: it catches the typos people make in a roster
 * ("ann@school", "ann@@school.org", a space) without rejecting plus addressing or
 * subdomains that real school accounts use.
 */
export function isValidEmail(value: string): boolean {
  if (value.length === 0 || value.length > 254) return false;
  const parts = value.split('@');
  if (parts.length !== 2) return false;
  const [local = '', domain = ''] = parts;
  // characters that only show up when a name or list separator got glued to the address
  if (local.length === 0 || local.length > 64 || /[\s<>()[\]\\,;:"]/.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1] ?? '';
  if (!/^[a-z]{2,}$/i.test(tld)) return false;
  return labels.every(
    (label) => label.length <= 63 && /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i.test(label),
  );
}

/**
 * The paste box: addresses separated by new lines, commas, semicolons or spaces, as
 * they come out of a spreadsheet column, an email's To line or a typed list. Anything
 * that is not an address is kept (as its raw text) so the preview can point it out
 * rather than quietly losing a person.
 */
export function parseEmailList(text: string): RosterParseResult {
  const size = utf8ByteLength(text);
  if (size > ROSTER_LIMITS.maxBytes) {
    return {
      ok: false,
      error: `That is ${formatSize(size)} of text, over the ${formatSize(ROSTER_LIMITS.maxBytes)} limit: paste at most ${ROSTER_LIMITS.maxRows} addresses at a time.`,
    };
  }

  const entries: RosterEntry[] = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, index) => {
    entries.push(...readPastedLine(lineText, index + 1));
  });

  if (entries.length === 0) return { ok: false, error: 'Paste at least one email address.' };
  if (entries.length > ROSTER_LIMITS.maxRows) {
    return { ok: false, error: tooManyPeople(`That is ${formatCount(entries.length)} addresses`) };
  }
  return { ok: true, entries };
}

/**
 * One line of the paste. Bare words without an "@" are held back because they may be the
 * name in front of an `<address>` ("Ann Lee <ann@x.org>", "Lee, Ann" in quotes); if no
 * address in angle brackets follows, they become one entry of their own.
 */
function readPastedLine(text: string, line: number): RosterEntry[] {
  const entries: RosterEntry[] = [];
  let heldWords: string[] = [];
  const releaseHeldWords = () => {
    if (heldWords.length > 0) entries.push(entry(line, null, heldWords.join(' '), null));
    heldWords = [];
  };

  let position = 0;
  while (position < text.length) {
    const char = text.charAt(position);
    if (char === ',' || char === ';') {
      releaseHeldWords();
      position += 1;
    } else if (/\s/.test(char)) {
      position += 1;
    } else if (char === '"' || char === '<') {
      // an unclosed quote or bracket runs to the end of the line
      const closing = text.indexOf(char === '"' ? '"' : '>', position + 1);
      const end = closing === -1 ? text.length : closing;
      const inside = text.slice(position + 1, end).trim();
      position = end + 1;
      if (char === '"') {
        if (inside.length > 0) heldWords.push(inside);
        continue;
      }
      const name = collapseSpaces(heldWords.join(' '));
      heldWords = [];
      // mail programs often repeat the address as the name: "ann@x.org" <ann@x.org>
      const isRealName = name.length > 0 && normalizeEmail(name) !== normalizeEmail(inside);
      entries.push(entry(line, isRealName ? name : null, inside, null));
    } else {
      let end = position;
      while (end < text.length && !/[\s,;"<]/.test(text.charAt(end))) end += 1;
      const word = text.slice(position, end);
      position = end;
      if (word.includes('@')) {
        releaseHeldWords();
        entries.push(entry(line, null, word, null));
      } else {
        heldWords.push(word);
      }
    }
  }
  releaseHeldWords();
  return entries;
}

/**
 * A CSV roster: a header row naming the columns, then one person per row. Every problem
 * that would make the preview wrong (not text, too big, no email column, a row that does
 * not fit the header) stops the import with one sentence saying what to fix.
 */
export function parseRosterCsv(input: Uint8Array | string): RosterParseResult {
  const table = readCsvTable(input, { expectedHeader: EXPECTED_HEADER });
  if (!table.ok) return table;
  const columns = findColumns(table.header);
  if (columns.email === undefined) return { ok: false, error: missingEmailColumn(table.header) };
  const entries = table.rows.map((row) => {
    const cell = (index: number | undefined) =>
      index === undefined ? '' : (row.fields[index] ?? '').trim();
    const fullName = collapseSpaces(cell(columns.name));
    const joinedName = collapseSpaces(`${cell(columns.firstName)} ${cell(columns.lastName)}`);
    return entry(
      row.line,
      fullName || joinedName || null,
      cell(columns.email),
      cell(columns.stateEducatorId) || null,
    );
  });
  return { ok: true, entries };
}

export type CsvTableResult =
  { ok: true; header: string[]; rows: CsvRecord[] } | { ok: false; error: string };

/**
 * The checks every people CSV shares, before its columns are read: text (UTF-8), within the
 * size and row limits, a header and at least one row, no row longer than the header. Blank
 * rows are dropped; `expectedHeader` is what the messages tell people to write.
 */
export function readCsvTable(
  input: Uint8Array | string,
  options: { expectedHeader: string },
): CsvTableResult {
  const decoded = decodeText(input);
  if (!decoded.ok) return decoded;

  const delimiter = detectDelimiter(decoded.text);
  const parsed = readCsvRecords(decoded.text, delimiter);
  if (!parsed.ok) return parsed;

  // rows of nothing but delimiters (";;") are how spreadsheets export blank rows
  const records = parsed.records.filter((record) => record.fields.some((f) => f.trim() !== ''));
  const [header, ...rows] = records;
  if (!header) {
    return {
      ok: false,
      error: `The file is empty: its first line should be the header ${options.expectedHeader}, then one person per line.`,
    };
  }
  if (rows.length === 0) return { ok: false, error: 'The file has a header but no people in it.' };
  if (rows.length > ROSTER_LIMITS.maxRows) {
    return { ok: false, error: tooManyPeople(`This file has ${formatCount(rows.length)} people`) };
  }
  for (const row of rows) {
    const valueCount = countValues(row.fields);
    if (valueCount > header.fields.length) {
      const delimiterName = delimiter === ';' ? 'semicolon' : 'comma';
      return {
        ok: false,
        error: `Line ${row.line} has ${valueCount} values but the header has ${header.fields.length} columns. Check for an unquoted ${delimiterName}.`,
      };
    }
  }
  return { ok: true, header: header.fields, rows };
}

/** a header cell as the column finders compare it: lower case, no spaces, underscores or hyphens */
export function headerKey(cell: string) {
  return cell
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

/**
 * What would happen to each row if the facilitator pressed "Send invitations" now, in
 * file order, so the first people listed get the seats and the rest are waitlisted.
 */
export function planInvitations(
  entries: RosterEntry[],
  cohort: {
    /** capacity minus active participants minus open participant invitations (never below 0) */
    seatsLeft: number;
    /** lower-cased email → member status ('active' | 'waitlisted' | 'completed' | 'withdrawn' | 'invited') */
    memberEmails: ReadonlyMap<string, string>;
    /** lower-cased */
    openInvitationEmails: ReadonlySet<string>;
  },
): { rows: PlannedInvitation[]; counts: Record<InvitationFate, number> } {
  // normalized again here so a caller that forgot to lower-case cannot cause a double invite
  const memberStatuses = new Map(
    [...cohort.memberEmails].map(([email, status]) => [normalizeEmail(email), status] as const),
  );
  const openInvitations = new Set([...cohort.openInvitationEmails].map(normalizeEmail));
  const firstLineByEmail = new Map<string, number>();
  let seatsLeft = Number.isNaN(cohort.seatsLeft) ? 0 : Math.max(0, Math.floor(cohort.seatsLeft));

  const counts: Record<InvitationFate, number> = {
    invite: 0,
    waitlist: 0,
    'already-member': 0,
    'already-invited': 0,
    duplicate: 0,
    'invalid-email': 0,
  };

  const decide = (
    normalizedEmail: string,
    line: number,
  ): { fate: InvitationFate; note: string } => {
    if (!isValidEmail(normalizedEmail)) {
      const note = normalizedEmail === '' ? 'No email address' : 'Not a valid email address';
      return { fate: 'invalid-email', note };
    }
    const earlierLine = firstLineByEmail.get(normalizedEmail);
    if (earlierLine !== undefined) {
      return { fate: 'duplicate', note: `Appears earlier on line ${earlierLine}` };
    }
    firstLineByEmail.set(normalizedEmail, line);

    const status = memberStatuses.get(normalizedEmail);
    if (status === 'invited' || openInvitations.has(normalizedEmail)) {
      return { fate: 'already-invited', note: 'Already invited; resend it from the roster' };
    }
    // someone who withdrew may come back, so they are planned like anyone new
    if (status !== undefined && status !== 'withdrawn') {
      return { fate: 'already-member', note: memberNote(status) };
    }
    const returning = status === 'withdrawn' ? 'Withdrew earlier; ' : '';
    if (seatsLeft > 0) {
      seatsLeft -= 1;
      return {
        fate: 'invite',
        note: returning ? `${returning}will be invited again` : 'Will be invited',
      };
    }
    const waitlistNote = 'no seats left, so joins the waitlist on accepting';
    return {
      fate: 'waitlist',
      note: returning ? `${returning}${waitlistNote}` : capitalize(waitlistNote),
    };
  };

  const rows = entries.map((rosterEntry) => {
    const normalizedEmail = normalizeEmail(rosterEntry.email);
    const { fate, note } = decide(normalizedEmail, rosterEntry.line);
    counts[fate] += 1;
    return { ...rosterEntry, normalizedEmail, fate, note };
  });
  return { rows, counts };
}

function memberNote(status: string) {
  if (status === 'active') return 'Already an active member';
  if (status === 'waitlisted') return 'Already on the waitlist';
  if (status === 'completed') return 'Already completed this cohort';
  // an unknown status is still a membership: better to skip than to invite twice
  return `Already a member (${status})`;
}

function entry(
  line: number,
  name: string | null,
  email: string,
  stateEducatorId: string | null,
): RosterEntry {
  return { line, name, email: email.trim(), stateEducatorId };
}

function decodeText(
  input: Uint8Array | string,
): { ok: true; text: string } | { ok: false; error: string } {
  const size = typeof input === 'string' ? utf8ByteLength(input) : input.byteLength;
  if (size > ROSTER_LIMITS.maxBytes) {
    return {
      ok: false,
      error: `This file is ${formatSize(size)}, over the ${formatSize(ROSTER_LIMITS.maxBytes)} limit for a roster: split it into smaller files and import them one at a time.`,
    };
  }
  // a NUL is valid UTF-8 but never appears in a text file; images, PDFs and .xlsx all have them
  if (typeof input === 'string') {
    return input.includes('\0')
      ? { ok: false, error: NOT_TEXT_ERROR }
      : { ok: true, text: stripBom(input) };
  }
  if (input.includes(0)) return { ok: false, error: NOT_TEXT_ERROR };
  try {
    // the decoder drops a leading BOM itself; stripBom catches a second one from a careless join
    return { ok: true, text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(input)) };
  } catch {
    // Windows-1252 or Mac Roman exports land here: the fix is the same "CSV UTF-8" option
    return { ok: false, error: NOT_TEXT_ERROR };
  }
}

function stripBom(text: string) {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/**
 * European Excel writes semicolons because the comma is their decimal mark. The header
 * decides: whichever of the two appears outside quotes, or the more frequent one.
 */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  let seenContent = false;
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (char === ',') commas += 1;
    else if (char === ';') semicolons += 1;
    else if (char === '\n' || char === '\r') {
      // blank lines before the header do not end it
      if (seenContent) break;
      continue;
    }
    if (char.trim() !== '') seenContent = true;
  }
  return semicolons > commas ? ';' : ',';
}

export interface CsvRecord {
  /** the line the record starts on; a quoted value may carry it over several lines */
  line: number;
  fields: string[];
}

/**
 * RFC 4180 with the leniency hand-edited files need: spaces before an opening quote are
 * allowed, and a stray quote inside an unquoted value is taken literally. Only a quote
 * that never closes is an error, since it would swallow the rest of the file.
 */
function readCsvRecords(
  text: string,
  delimiter: string,
): { ok: true; records: CsvRecord[] } | { ok: false; error: string } {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteLine = 0;

  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    const isLineEnd = char === '\n' || char === '\r';
    // a CRLF pair is one line end
    if (char === '\r' && text.charAt(index + 1) === '\n') index += 1;

    if (inQuotes) {
      if (char === '"' && text.charAt(index + 1) === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        inQuotes = false;
      } else if (isLineEnd) {
        field += '\n';
        line += 1;
      } else {
        field += char;
      }
    } else if (char === '"' && field.trim() === '') {
      field = '';
      inQuotes = true;
      quoteLine = line;
    } else if (char === delimiter) {
      fields.push(field);
      field = '';
    } else if (isLineEnd) {
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line += 1;
      recordLine = line;
    } else {
      field += char;
    }
  }

  if (inQuotes) {
    return {
      ok: false,
      error: `Line ${quoteLine} opens a quotation mark that is never closed: add the closing " or remove it.`,
    };
  }
  // the last line may or may not end with a line break
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return { ok: true, records };
}

/** where the name, email and educator id columns are; unknown columns are left to the caller */
export function findColumns(headerFields: string[]) {
  const columns: {
    email?: number;
    name?: number;
    firstName?: number;
    lastName?: number;
    stateEducatorId?: number;
  } = {};
  headerFields.forEach((cell, index) => {
    const key = headerKey(cell);
    // the first matching column wins; unknown columns (phone, school…) are ignored
    if (EMAIL_HEADERS.has(key)) columns.email ??= index;
    else if (NAME_HEADERS.has(key)) columns.name ??= index;
    else if (FIRST_NAME_HEADERS.has(key)) columns.firstName ??= index;
    else if (LAST_NAME_HEADERS.has(key)) columns.lastName ??= index;
    else if (STATE_ID_HEADERS.has(key)) columns.stateEducatorId ??= index;
  });
  return columns;
}

export function missingEmailColumn(headerFields: string[], expectedHeader = EXPECTED_HEADER) {
  const found = headerFields.map((cell) => cell.trim()).filter((cell) => cell !== '');
  // the most common cause: the file starts straight with the first person
  if (found.some(isValidEmail)) {
    return `The first line looks like a person rather than a header: add a first line that reads ${expectedHeader}.`;
  }
  const list = found.map((cell) => `"${cell}"`).join(', ');
  return `The file has no email column (it has ${list}): make the first line the header ${expectedHeader}.`;
}

/** trailing empty values are how spreadsheets pad short rows, so they never count as extra */
function countValues(fields: string[]) {
  let count = fields.length;
  while (count > 0 && (fields[count - 1] ?? '').trim() === '') count -= 1;
  return count;
}

function tooManyPeople(subject: string) {
  return `${subject}, but Cadre takes at most ${ROSTER_LIMITS.maxRows} people per import: split them into smaller batches.`;
}

function utf8ByteLength(text: string) {
  return new TextEncoder().encode(text).byteLength;
}

/** decimal units, as file browsers show them: 1,000,000 bytes is "1 MB" */
function formatSize(bytes: number) {
  if (bytes >= 1_000_000) return `${Number((bytes / 1_000_000).toFixed(1))} MB`;
  return `${Math.ceil(bytes / 1_000)} KB`;
}

export function collapseSpaces(value: string) {
  return value.replace(/\s+/g, ' ').trim();
}

function capitalize(value: string) {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

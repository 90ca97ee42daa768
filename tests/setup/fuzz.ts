/**
 * A seeded, deterministic generator of malformed requests: the same seed gives the same
 * payloads on every run and every machine (only the ids of the rows they point at differ).
 */

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast and good enough to spread choices evenly */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('nothing to pick from');
    return items[this.int(items.length)]!;
  }

  /** a well-formed uuid that names nothing */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }
}

/** what a field must be; the generator only sends values that break the rule */
export type FieldRule =
  /** the id of a row this page may act on; `foreign` are ids of other cohorts' rows */
  | { kind: 'id'; foreign: readonly string[]; optional?: boolean }
  | { kind: 'text'; max: number; required?: boolean }
  | { kind: 'number'; min: number; max: number; int?: boolean; optional?: boolean }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'date' }
  | { kind: 'clock' }
  | { kind: 'url' }
  /** any value but the one given is refused (an intent, a confirmation) */
  | { kind: 'exact' }
  /** a format of the page's own: the values it must refuse are listed */
  | { kind: 'refuses'; values: readonly string[] };

/** a form value: text, a file, or bytes sent as they are (e.g. invalid UTF-8) */
export type FieldValue = string | { file: string; content: string } | { raw: Buffer };
export type FormEntries = [string, FieldValue][];

export const NUL = '\u0000';
export const LONE_HIGH = '\uD83D';
export const LONE_LOW = '\uDE00';

function withNul(value: string) {
  const middle = Math.floor(value.length / 2);
  return `${value.slice(0, middle)}${NUL}${value.slice(middle)}`;
}

/**
 * Values a form field refuses whatever its rule: a NUL (the form reader refuses it). A lone
 * surrogate cannot travel in a form (UTF-8 has no bytes for it, so the server decodes what
 * a client sends as U+FFFD, which is ordinary text), so it is sent only to fields whose rule
 * it breaks anyway; JSON bodies and socket payloads carry it intact.
 */
export function unsavableValues(baseline: string, rule: FieldRule | undefined): FieldValue[] {
  const nul = [withNul(baseline || 'x'), `${NUL}${baseline}`];
  if (!rule || rule.kind === 'text' || rule.kind === 'url') return nul;
  return [
    ...nul,
    `${baseline}${LONE_HIGH}`,
    `${LONE_LOW}${baseline}`,
    { raw: Buffer.concat([Buffer.from(baseline), Buffer.from([0xc3, 0x28, 0xff])]) },
  ];
}

/** values that break `rule`, for a field whose valid value is `baseline` */
export function invalidValues(rule: FieldRule, baseline: string, random: SeededRandom): string[] {
  switch (rule.kind) {
    case 'id':
      return [
        ...rule.foreign,
        random.uuid(),
        'not-an-id',
        `${baseline.slice(0, -1)}g`,
        `${baseline}0`,
        "' or 1=1 --",
        '1'.repeat(5000),
        ...(rule.optional ? [] : ['']),
      ];
    case 'text': {
      const huge = 'x'.repeat(rule.max + 1 + random.int(50));
      return rule.required ? [huge, '', '   ', 'é'.repeat(rule.max + 1)] : [huge];
    }
    case 'number':
      return [
        'abc',
        'NaN',
        'Infinity',
        '-Infinity',
        '1e309',
        // an empty field reads as 0
        ...(rule.min > 0 || rule.max < 0 ? [''] : []),
        String(rule.min - 1),
        String(rule.max + 1),
        String(Number.MAX_SAFE_INTEGER * 1000),
        ...(rule.int ? [String(rule.min + 0.5)] : []),
      ];
    case 'enum':
      return ['not-a-choice', '', `${rule.values[0]}-x`, ' '];
    case 'date':
      return ['2027-02-30', '2027-13-01', 'tomorrow', '99999-01-01', '-271821-04-19'];
    case 'clock':
      return ['25:00', '7pm', '12:60', '', '99:99'];
    case 'url':
      return [
        'not a url',
        'example.org/evidence',
        'javascript:alert(1)',
        'https://localhost',
        'ftp://example.org/x',
        'http://',
        'https://exa mple.org',
        '//example.org/x',
      ];
    case 'refuses':
      return [...rule.values];
    case 'exact':
      return [
        `${baseline}-x`,
        '',
        baseline.toUpperCase() === baseline ? 'x' : baseline.toUpperCase(),
      ];
  }
}

/**
 * The bytes of a string as UTF-8, except that a lone surrogate becomes the three bytes it
 * would take if UTF-8 allowed it (WTF-8), which no decoder accepts: what a careless client
 * sends when it encodes such a string itself.
 */
export function wtf8(value: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    const next = value.charCodeAt(index + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      bytes.push(...Buffer.from(value.slice(index, index + 2)));
      index += 1;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    } else {
      bytes.push(...Buffer.from(value[index]!));
    }
  }
  return Buffer.from(bytes);
}

function bytesOf(value: FieldValue): Buffer {
  if (typeof value === 'string') return wtf8(value);
  return 'raw' in value ? value.raw : Buffer.from(value.content);
}

const percentBytes = (bytes: Buffer) =>
  [...bytes].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** percent-encoded as a browser would, and bytes no browser would send as they are */
function percent(value: FieldValue): string {
  if (typeof value === 'string' && !/[\uD800-\uDFFF]/.test(value)) return encodeURIComponent(value);
  return percentBytes(bytesOf(value));
}

export function urlencoded(entries: FormEntries): Buffer {
  return Buffer.from(
    entries.map(([name, value]) => `${percent(name)}=${percent(value)}`).join('&'),
  );
}

export const BOUNDARY = 'fuzzboundary7MA4YWxkTrZu0gW';

export function multipart(entries: FormEntries): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, value] of entries) {
    const disposition =
      typeof value === 'object' && 'file' in value
        ? `form-data; name="${name}"; filename="${value.file}"\r\nContent-Type: application/octet-stream`
        : `form-data; name="${name}"`;
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(bytesOf(value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;
export const URLENCODED_TYPE = 'application/x-www-form-urlencoded';

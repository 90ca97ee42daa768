import { z } from 'zod';

/**
 * Text PostgreSQL cannot store: a NUL (text refuses \u0000, jsonb refuses its escape) and a
 * UTF-16 surrogate without its other half (jsonb refuses it; text would silently keep a
 * replacement character instead of what was sent). Nobody types these; a script or a
 * broken paste sends them, and they get a clear refusal instead of a server error.
 */
const UNSAVABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSAVABLE_TEXT_MESSAGE =
  'This text contains a character that can’t be saved (an invisible control or broken character). Remove it, or retype the text, and try again.';

export function isSavableText(value: string): boolean {
  return !UNSAVABLE.test(value);
}

/** At most `max` UTF-16 units, never ending in half of a surrogate pair (an emoji cut in two). */
export function cutToLength(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** deeper than any payload the app sends; past it a value is refused rather than walked */
const MAX_DEPTH = 32;

/**
 * Where a parsed JSON value (or a socket payload) holds a string, or an object key, that
 * cannot be saved: a path such as `content.steps.2.action`, `(top)` for the value itself,
 * or null when every string is savable. A value nested deeper than any real payload counts
 * as unsavable too.
 */
export function findUnsavableText(value: unknown, path: string[] = []): string | null {
  const here = () => (path.length > 0 ? path.join('.') : '(top)');
  if (typeof value === 'string') return isSavableText(value) ? null : here();
  if (typeof value !== 'object' || value === null) return null;
  if (path.length >= MAX_DEPTH) return here();
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnsavableText(item, [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!isSavableText(key)) return [...path, '(a field name)'].join('.');
    const found = findUnsavableText(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * A string that can be saved: the base for every free-text field of a form, a JSON body or
 * a socket payload. The check aborts, so the rules chained after it (trim, length, format)
 * only ever see savable text.
 */
export function savableText(options: { error?: string } = {}) {
  return z
    .string(options.error ? { error: options.error } : undefined)
    .refine(isSavableText, { error: UNSAVABLE_TEXT_MESSAGE, abort: true });
}

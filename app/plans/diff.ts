export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

const MAX_TOKENS = 1500;

/**
 * A word-level diff (longest common subsequence) of two texts, for showing what changed
 * between versions. Texts longer than the cap fall back to "all removed, all added",
 * which is still correct, just coarser.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ kind: 'same', text: before }] : [];
  const a = tokenize(before);
  const b = tokenize(after);
  if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
    return merge([
      ...(before ? [{ kind: 'removed' as const, text: before }] : []),
      ...(after ? [{ kind: 'added' as const, text: after }] : []),
    ]);
  }
  const rows = a.length + 1;
  const cols = b.length + 1;
  const lengths = new Uint16Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * cols + j] =
        a[i] === b[j]
          ? (lengths[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * cols + j] ?? 0, lengths[i * cols + j + 1] ?? 0);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      parts.push({ kind: 'same', text: a[i] ?? '' });
      i += 1;
      j += 1;
    } else if ((lengths[(i + 1) * cols + j] ?? 0) >= (lengths[i * cols + j + 1] ?? 0)) {
      parts.push({ kind: 'removed', text: a[i] ?? '' });
      i += 1;
    } else {
      parts.push({ kind: 'added', text: b[j] ?? '' });
      j += 1;
    }
  }
  while (i < a.length) parts.push({ kind: 'removed', text: a[i++] ?? '' });
  while (j < b.length) parts.push({ kind: 'added', text: b[j++] ?? '' });
  return merge(parts);
}

// words keep their trailing whitespace, so joining the parts gives the text back
function tokenize(text: string) {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function merge(parts: DiffPart[]) {
  const merged: DiffPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (last && last.kind === part.kind) last.text += part.text;
    else merged.push({ ...part });
  }
  return merged;
}

export function hasChanges(parts: DiffPart[]) {
  return parts.some((part) => part.kind !== 'same');
}

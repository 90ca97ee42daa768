import { describe, expect, it } from 'vitest';
import { diffWords, hasChanges } from './diff';

describe('diffWords', () => {
  it('marks the words that were added and removed and keeps the rest', () => {
    const parts = diffWords('Start class within 5 minutes', 'Start class within 2 minutes daily');
    const before = parts
      .filter((part) => part.kind !== 'added')
      .map((part) => part.text)
      .join('');
    const after = parts
      .filter((part) => part.kind !== 'removed')
      .map((part) => part.text)
      .join('');
    expect(before).toBe('Start class within 5 minutes');
    expect(after).toBe('Start class within 2 minutes daily');
    expect(parts.some((part) => part.kind === 'removed' && part.text.includes('5'))).toBe(true);
    expect(parts.some((part) => part.kind === 'added' && part.text.includes('daily'))).toBe(true);
  });

  it('reports no change for identical texts', () => {
    expect(hasChanges(diffWords('same words', 'same words'))).toBe(false);
    expect(diffWords('', '')).toEqual([]);
  });
});

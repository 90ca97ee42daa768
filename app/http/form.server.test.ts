import { describe, expect, it } from 'vitest';
import { findOverlongListField, firstErrorMessage, MAX_FIELD_LIST_INDEX } from './form.server';

function form(names: string[]) {
  const data = new FormData();
  for (const name of names) data.append(name, 'a');
  return data;
}

describe('findOverlongListField', () => {
  it('lets through names without lists and lists as long as a page makes them', () => {
    expect(findOverlongListField(form(['email', 'steps[0].action', 'steps[19].when']))).toBeNull();
    expect(findOverlongListField(form([`steps[${MAX_FIELD_LIST_INDEX}]`]))).toBeNull();
    expect(findOverlongListField(form(['scores[criterion-1]', 'a[]', 'b[x1000000]']))).toBeNull();
  });

  it('names the first field placed far down a list, however it is written', () => {
    expect(findOverlongListField(form(['email', `x[${MAX_FIELD_LIST_INDEX + 1}]`]))).toBe(
      `x[${MAX_FIELD_LIST_INDEX + 1}]`,
    );
    expect(findOverlongListField(form(['steps[0].notes[1000000000]']))).toBe(
      'steps[0].notes[1000000000]',
    );
    // leading zeros would make a small number of a long index
    expect(findOverlongListField(form(['x[0001]']))).toBe('x[0001]');
    expect(findOverlongListField(form([`x[${'9'.repeat(400)}]`]))).toBe(`x[${'9'.repeat(400)}]`);
  });
});

describe('firstErrorMessage', () => {
  it('gives the first message of any field, passing over fields without one', () => {
    expect(firstErrorMessage({ hours: null, reason: ['Say why.'], '': ['Later.'] }, 'x')).toBe(
      'Say why.',
    );
  });

  it('gives the fallback when nothing says why', () => {
    expect(firstErrorMessage(undefined, 'Check the hours.')).toBe('Check the hours.');
    expect(firstErrorMessage({ hours: [] }, 'Check the hours.')).toBe('Check the hours.');
  });
});

import { describe, expect, it } from 'vitest';
import { readFormData, readJsonBody } from '../http/form.server';
import {
  cutToLength,
  findUnsavableText,
  isSavableText,
  savableText,
  UNSAVABLE_TEXT_MESSAGE,
} from './savable-text.server';

describe('isSavableText', () => {
  it('refuses a NUL and a surrogate without its other half, and keeps everything else', () => {
    expect(isSavableText('plain, accented é, emoji 🎉, tab\tand newline\n')).toBe(true);
    expect(isSavableText('a\u0000b')).toBe(false);
    expect(isSavableText('high \ud83d alone')).toBe(false);
    expect(isSavableText('\ude00 low alone')).toBe(false);
    expect(isSavableText('ends high \ud83d')).toBe(false);
    expect(isSavableText('reversed \ude00\ud83d')).toBe(false);
  });
});

describe('findUnsavableText', () => {
  it('names the path of the first string or key that cannot be saved', () => {
    expect(findUnsavableText({ a: ['ok', { b: 'x\u0000' }] })).toBe('a.1.b');
    expect(findUnsavableText({ ['k\ud800']: 1 })).toBe('(a field name)');
    expect(findUnsavableText('\udfff')).toBe('(top)');
    expect(findUnsavableText({ a: 1, b: null, c: true, d: ['fine'] })).toBeNull();
  });

  it('refuses a value nested deeper than any payload instead of walking it', () => {
    let deep: unknown = 'bottom';
    for (let depth = 0; depth < 100; depth += 1) deep = [deep];
    expect(findUnsavableText(deep)).not.toBeNull();
  });
});

describe('savableText', () => {
  it('stops at the unsavable character, so later rules never see it', () => {
    const schema = savableText()
      .trim()
      .refine(
        (value) => {
          if (value.includes('\u0000')) throw new Error('a later rule saw a NUL');
          return value.length > 0;
        },
        { error: 'empty' },
      );
    const parsed = schema.safeParse('a\u0000b');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([UNSAVABLE_TEXT_MESSAGE]);
    expect(schema.safeParse(' fine ').data).toBe('fine');
  });
});

describe('cutToLength', () => {
  it('never leaves half of an emoji at the cut', () => {
    expect(cutToLength('ab🎉', 3)).toBe('ab');
    expect(cutToLength('ab🎉', 4)).toBe('ab🎉');
    expect(isSavableText(cutToLength('🎉🎉🎉', 5))).toBe(true);
  });
});

async function refusal(work: Promise<unknown>) {
  const thrown = await work.then(
    () => null,
    (error: unknown) => error,
  );
  expect(thrown).toBeInstanceOf(Response);
  const response = thrown as Response;
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('readFormData', () => {
  const post = (body: BodyInit, type?: string) =>
    new Request('http://cadre.test/x', {
      method: 'POST',
      body,
      headers: type ? { 'Content-Type': type } : {},
    });

  it('answers a field holding a NUL with 400 naming the field', async () => {
    const { status, body } = await refusal(
      readFormData(post('title=A%00B&other=fine', 'application/x-www-form-urlencoded')),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ status: 'invalid', field: 'title' });
    expect(String(body.message)).toContain('“title”');
  });

  it('answers a body that is not a form, and a file where text is expected, with 400', async () => {
    expect((await refusal(readFormData(post('{"a":1}', 'application/json')))).status).toBe(400);
    const form = new FormData();
    form.set('title', new File(['x'], 'x.txt'));
    const { status, body } = await refusal(readFormData(post(form)));
    expect(status).toBe(400);
    expect(body).toMatchObject({ field: 'title' });
  });

  it('returns a form whose every field can be saved', async () => {
    const form = await readFormData(
      post('title=Caf%C3%A9+%F0%9F%8E%89', 'application/x-www-form-urlencoded'),
    );
    expect(form.get('title')).toBe('Café 🎉');
  });
});

describe('readJsonBody', () => {
  const post = (body: string) =>
    new Request('http://cadre.test/x', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json' },
    });

  it('refuses JSON with an escaped NUL or lone surrogate, naming where it is', async () => {
    const nul = await refusal(readJsonBody(post('{"content":{"goal":"\\u0000"}}')));
    expect(nul).toMatchObject({ status: 400, body: { field: 'content.goal' } });
    const half = await refusal(readJsonBody(post('{"steps":[{"action":"\\ud83d"}]}')));
    expect(half).toMatchObject({ status: 400, body: { field: 'steps.0.action' } });
    expect((await refusal(readJsonBody(post('{"cut":')))).status).toBe(400);
    expect(await readJsonBody(post('{"goal":"fine 🎉"}'))).toEqual({ goal: 'fine 🎉' });
  });
});

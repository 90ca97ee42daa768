import { describe, expect, it } from 'vitest';
import { PdfLayout } from './layout.server';

describe('PDF text', () => {
  it('keeps accents the standard fonts have and degrades the rest instead of failing', async () => {
    const layout = await PdfLayout.create({ title: 'test' });
    expect(layout.encodable('Zoë Ñúñez — O’Brien')).toBe('Zoë Ñúñez — O’Brien');
    expect(layout.encodable('Nguyễn Thị Hạnh')).toBe('Nguyen Thi Hanh');
    expect(layout.encodable('李 🙂\u202fok')).toBe('? ? ok');
    expect(layout.encodable('2\u22121 \u2192 1\tdone')).toBe('2-1 -> 1    done');
  });

  it('writes any text, long words and other scripts included, into a valid PDF', async () => {
    const layout = await PdfLayout.create({ title: 'test' });
    layout.heading('Nguyễn Thị Hạnh 李', 1);
    layout.text('x'.repeat(400), { align: 'center' });
    layout.row(['李', 'Zoë', 'a'.repeat(200)], [0, 0.3, 0.6]);
    layout.frame();
    const bytes = await layout.save();
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

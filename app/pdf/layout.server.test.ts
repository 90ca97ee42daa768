import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pdfPageTexts } from '../../tests/setup/pdf-text';
import { PdfLayout } from './layout.server';

/** Names that must print exactly as their owners write them. */
export const NAMES = [
  'Đặng Thị Ngọc',
  'Nguyễn Thị Hạnh',
  'Łukasz Żółć',
  'Ştefan Ćosić',
  'Ș ț Ș ț',
  'Zoë Ñúñez — O’Brien',
  '李小龍',
  'فاطمة',
  'فاطمة الزهراء',
];

describe('PDF text', () => {
  it('keeps every letter of every script and degrades only what no font draws', async () => {
    const layout = await PdfLayout.create({ title: 'test' });
    for (const name of NAMES) expect(layout.encodable(name)).toBe(name);
    // decomposed input comes out composed, as typed on most keyboards
    expect(layout.encodable('Nguye\u0302\u0303n')).toBe('Nguyễn');
    expect(layout.encodable('🙂\u202fok\u0007')).toBe('?\u202fok');
    expect(layout.encodable('2\u22121\tdone')).toBe('2−1    done');
  });

  it('prints each name so a PDF reader extracts it exactly, mixed scripts on one line included', async () => {
    const layout = await PdfLayout.create({ title: 'Names', author: 'Test', language: 'en-US' });
    for (const name of NAMES) layout.text(name, { size: 16 });
    layout.text(`Đặng 李小龍 and فاطمة together`, { bold: true });
    layout.text('Nguyễn Thị Hạnh in italic', { italic: true });
    const bytes = await layout.save();
    const [page = ''] = await pdfPageTexts(bytes);
    const lines = page.split('\n').map((line) => line.trim());
    for (const name of NAMES) expect(lines).toContain(name);
    expect(lines).toContain('Đặng 李小龍 and فاطمة together');
    expect(lines).toContain('Nguyễn Thị Hạnh in italic');
    // subset fonts: all three scripts stay far below one full font (Noto Sans SC alone is 10 MB)
    expect(bytes.length).toBeLessThan(60_000);
  });

  it('sets the title, author and language a filing system reads', async () => {
    const layout = await PdfLayout.create({
      title: 'Certificate: Łukasz Żółć',
      author: 'Three Rivers EA',
    });
    layout.text('x');
    const document = await PDFDocument.load(await layout.save());
    expect(document.getTitle()).toBe('Certificate: Łukasz Żółć');
    expect(document.getAuthor()).toBe('Three Rivers EA');
    expect(String(document.catalog.get(document.context.obj('Lang') as never))).toContain('en-US');
  });

  it('writes any text, long words and other scripts included, into a valid PDF', async () => {
    const layout = await PdfLayout.create({ title: 'test' });
    layout.heading('Nguyễn Thị Hạnh 李', 1);
    layout.text('x'.repeat(400), { align: 'center' });
    layout.row(['李', 'Zoë', 'a'.repeat(200), '龍'.repeat(300)], [0, 0.3, 0.6, 0.8]);
    layout.frame();
    layout.footer((page, total) => `${page} / ${total}`);
    const bytes = await layout.save();
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await pdfPageTexts(bytes)).join('')).toContain('龍龍');
  });
});

import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFImage, type PDFPage, type RGB } from 'pdf-lib';
import {
  FontStack,
  SHAPING_FEATURES,
  subsetFace,
  type FontFace,
  type FontWeight,
} from './fonts.server';
import { LOCALE } from '../utils/locale';

/** US Letter in points; A4 is [595.28, 841.89] */
export const LETTER: [number, number] = [612, 792];
export const LETTER_LANDSCAPE: [number, number] = [792, 612];

export interface TextStyle {
  size?: number;
  bold?: boolean;
  italic?: boolean;
  color?: RGB;
  /** extra left indent in points */
  indent?: number;
  /** space after the block in points */
  after?: number;
  lineHeight?: number;
  align?: 'left' | 'center';
}

export const INK = rgb(0.12, 0.16, 0.2);
export const MUTED = rgb(0.32, 0.38, 0.43);
export const BRAND = rgb(0.06, 0.37, 0.43);

/** Characters no font here draws that have a plain stand-in. */
const REPLACEMENTS: Record<string, string> = {
  '\t': '    ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u00a0': ' ',
  '\u2212': '-',
  '\u2192': '->',
  '\u2713': 'v',
};

/** Text waiting for the fonts: drawn when the document is saved, once every character is known. */
interface PendingText {
  page: PDFPage;
  x: number;
  y: number;
  size: number;
  weight: FontWeight;
  color: RGB;
  text: string;
}

export interface DocumentInfo {
  title: string;
  author?: string;
  subject?: string;
  /** BCP 47 tag written to the catalog's /Lang, so screen readers pick the right voice */
  language?: string;
  size?: [number, number];
  margin?: number;
}

/**
 * A small flowing-text layout on pdf-lib: embedded Noto fonts (any name prints as written),
 * word wrapping, page breaks, headings, table rows, page numbers and pages written later (a
 * table of contents). Text is placed as it is written and drawn on save, when each font is
 * cut down to the characters the document uses, so a PDF stays small whatever the script.
 */
export class PdfLayout {
  readonly doc: PDFDocument;
  private readonly fonts: Record<FontWeight, FontStack>;
  private readonly pending: PendingText[] = [];
  readonly margin: number;
  readonly size: [number, number];
  private page: PDFPage;
  private y: number;

  private constructor(
    doc: PDFDocument,
    fonts: Record<FontWeight, FontStack>,
    options: { margin: number; size: [number, number] },
  ) {
    this.doc = doc;
    this.fonts = fonts;
    this.margin = options.margin;
    this.size = options.size;
    this.page = doc.addPage(options.size);
    this.y = options.size[1] - options.margin;
  }

  static async create(options: DocumentInfo = { title: 'Document' }) {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    doc.setTitle(options.title, { showInWindowTitleBar: true });
    if (options.author) doc.setAuthor(options.author);
    if (options.subject) doc.setSubject(options.subject);
    doc.setLanguage(options.language ?? LOCALE);
    doc.setCreator('Cadre');
    doc.setProducer('Cadre');
    const [regular, bold, italic] = await Promise.all([
      FontStack.load('regular'),
      FontStack.load('bold'),
      FontStack.load('italic'),
    ]);
    return new PdfLayout(
      doc,
      { regular, bold, italic },
      { margin: options.margin ?? 56, size: options.size ?? LETTER },
    );
  }

  get width() {
    return this.size[0] - this.margin * 2;
  }

  /** 1-based number of the page being written */
  get pageNumber() {
    return this.doc.getPages().indexOf(this.page) + 1;
  }

  get pageCount() {
    return this.doc.getPageCount();
  }

  /** the page being written, for drawing shapes and images on it */
  get currentPage() {
    return this.page;
  }

  /** where the next block starts, in points from the bottom of the page */
  get cursor() {
    return this.y;
  }

  set cursor(y: number) {
    this.y = y;
  }

  /** Starts a new page at the end and writes there. */
  newPage() {
    this.page = this.doc.addPage(this.size);
    this.y = this.size[1] - this.margin;
    return this.pageNumber;
  }

  /** Writes on an existing page (1-based) from its top, e.g. a table of contents reserved earlier. */
  goTo(pageNumber: number) {
    const page = this.doc.getPages()[pageNumber - 1];
    if (!page) throw new Error(`no page ${pageNumber}`);
    this.page = page;
    this.y = this.size[1] - this.margin;
  }

  /** Whether `height` points still fit on this page; if not, a new page is started. */
  ensureSpace(height: number) {
    if (this.y - height < this.margin) this.newPage();
  }

  space(points: number) {
    this.y -= points;
    if (this.y < this.margin) this.newPage();
  }

  /**
   * Text the fonts can draw: every letter one of them has stays as written; typographic
   * spaces and symbols none has get a plain stand-in, other letters drop to their base letter,
   * the rest (an emoji) is "?". Control characters other than line breaks go.
   */
  encodable(text: string) {
    const fonts = this.fonts.regular;
    let out = '';
    for (const character of text.normalize('NFC')) {
      if (character === '\n') {
        out += character;
        continue;
      }
      if (character !== '\t' && fonts.has(character)) {
        out += character;
        continue;
      }
      const mapped = REPLACEMENTS[character] ?? character;
      if (/^\p{Cc}$/u.test(mapped)) continue;
      if ([...mapped].every((c) => fonts.has(c))) {
        out += mapped;
        continue;
      }
      const base = mapped.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += base && [...base].every((c) => fonts.has(c)) ? base : '?';
    }
    return out;
  }

  private weightOf(style: TextStyle): FontWeight {
    if (style.bold) return 'bold';
    if (style.italic) return 'italic';
    return 'regular';
  }

  /** width in points of text as it will print */
  widthOf(text: string, style: TextStyle = {}) {
    return this.fonts[this.weightOf(style)].width(this.encodable(text), style.size ?? 11);
  }

  /**
   * Places one line of text with its left end at x and its baseline at y, on the current page
   * (or the one given). The text is drawn when the document is saved.
   */
  drawLine(
    text: string,
    options: {
      x: number;
      y: number;
      size?: number;
      bold?: boolean;
      italic?: boolean;
      color?: RGB;
      page?: PDFPage;
    },
  ) {
    const line = this.encodable(text).replace(/\n/g, ' ');
    if (!line) return;
    this.pending.push({
      page: options.page ?? this.page,
      x: options.x,
      y: options.y,
      size: options.size ?? 11,
      weight: this.weightOf(options),
      color: options.color ?? INK,
      text: line,
    });
  }

  /** Breaks text into lines no wider than `width`, keeping the author's line breaks. */
  wrap(text: string, width: number, style: TextStyle = {}) {
    const fonts = this.fonts[this.weightOf(style)];
    const size = style.size ?? 11;
    const space = fonts.width(' ', size);
    const lines: string[] = [];
    for (const paragraph of this.encodable(text).split(/\r?\n/)) {
      let line = '';
      let lineWidth = 0;
      for (const word of paragraph.split(/ +/)) {
        const wordWidth = fonts.width(word, size);
        const candidateWidth = line ? lineWidth + space + wordWidth : wordWidth;
        if (candidateWidth <= width) {
          line = line ? `${line} ${word}` : word;
          lineWidth = candidateWidth;
          continue;
        }
        if (line) lines.push(line);
        // a word wider than the line is cut where it must be, never inside a character
        let rest = [...word];
        while (rest.length > 1 && fonts.width(rest.join(''), size) > width) {
          // the longest prefix that fits, at least one character
          let fits = 1;
          let tooLong = rest.length;
          while (tooLong - fits > 1) {
            const middle = Math.floor((fits + tooLong) / 2);
            if (fonts.width(rest.slice(0, middle).join(''), size) <= width) fits = middle;
            else tooLong = middle;
          }
          lines.push(rest.slice(0, fits).join(''));
          rest = rest.slice(fits);
        }
        line = rest.join('');
        lineWidth = fonts.width(line, size);
      }
      lines.push(line);
    }
    return lines;
  }

  /** Writes a block of wrapped text, moving to new pages as needed. */
  text(text: string, style: TextStyle = {}) {
    const size = style.size ?? 11;
    const lineHeight = style.lineHeight ?? size * 1.35;
    const indent = style.indent ?? 0;
    for (const line of this.wrap(text, this.width - indent, style)) {
      this.ensureSpace(lineHeight);
      this.y -= lineHeight;
      if (line) {
        const x =
          style.align === 'center'
            ? (this.size[0] - this.widthOf(line, style)) / 2
            : this.margin + indent;
        this.drawLine(line, { ...style, x, y: this.y + (lineHeight - size) / 2, size });
      }
    }
    this.y -= style.after ?? size * 0.6;
  }

  /**
   * A row of cells starting at fixed x offsets (fractions of the content width), each
   * wrapped in its column; the row moves to the next page whole.
   */
  row(cells: string[], columns: number[], style: TextStyle = {}) {
    const size = style.size ?? 10;
    const lineHeight = style.lineHeight ?? size * 1.3;
    const wrapped = cells.map((cell, index) => {
      const start = columns[index] ?? 0;
      const end = columns[index + 1] ?? 1;
      return this.wrap(cell, (end - start) * this.width - 6, style);
    });
    const height = Math.max(...wrapped.map((lines) => lines.length)) * lineHeight;
    this.ensureSpace(height + 4);
    wrapped.forEach((lines, index) => {
      lines.forEach((line, lineIndex) => {
        this.drawLine(line, {
          ...style,
          size,
          x: this.margin + (columns[index] ?? 0) * this.width,
          y: this.y - (lineIndex + 1) * lineHeight,
        });
      });
    });
    this.y -= height + (style.after ?? 4);
  }

  heading(text: string, level: 1 | 2 | 3 = 2) {
    const size = level === 1 ? 22 : level === 2 ? 15 : 12;
    this.ensureSpace(size * 3);
    this.space(level === 1 ? 0 : size * 0.4);
    this.text(text, { size, bold: true, color: level === 3 ? INK : BRAND, after: size * 0.4 });
  }

  /** A line of text with a right-aligned figure, e.g. a table of contents entry. */
  entry(label: string, figure: string, style: TextStyle = {}) {
    const size = style.size ?? 11;
    const figureWidth = this.widthOf(figure, { ...style, size });
    const [first = ''] = this.wrap(label, this.width - figureWidth - 24, style);
    const lineHeight = size * 1.6;
    this.ensureSpace(lineHeight);
    this.y -= lineHeight;
    this.drawLine(first, { ...style, size, x: this.margin, y: this.y });
    this.drawLine(figure, { ...style, size, x: this.margin + this.width - figureWidth, y: this.y });
  }

  rule() {
    this.ensureSpace(12);
    this.y -= 6;
    this.page.drawLine({
      start: { x: this.margin, y: this.y },
      end: { x: this.margin + this.width, y: this.y },
      thickness: 0.5,
      color: MUTED,
    });
    this.y -= 6;
  }

  /** "Page n of m" (or any text) at the foot of every page from `fromPage` on. */
  footer(label: (page: number, total: number) => string, fromPage = 1) {
    const pages = this.doc.getPages();
    pages.forEach((page, index) => {
      if (index + 1 < fromPage) return;
      const text = label(index + 1, pages.length);
      const width = this.widthOf(text, { size: 9 });
      this.drawLine(text, {
        page,
        x: (this.size[0] - width) / 2,
        y: this.margin / 2,
        size: 9,
        color: MUTED,
      });
    });
  }

  /** A border just inside the edge of every page, as on a certificate. */
  frame(color: RGB = BRAND, inset = 24) {
    for (const page of this.doc.getPages()) {
      page.drawRectangle({
        x: inset,
        y: inset,
        width: this.size[0] - inset * 2,
        height: this.size[1] - inset * 2,
        borderColor: color,
        borderWidth: 2,
      });
    }
  }

  /**
   * A PNG or JPEG to draw, or null when the bytes are neither or are damaged: an image
   * someone uploaded must never stop a certificate from printing.
   */
  async embedImage(bytes: Uint8Array, type: string | null): Promise<PDFImage | null> {
    const isPng = bytes[0] === 0x89 && bytes[1] === 0x50;
    const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
    try {
      if (isPng || type === 'image/png') return await this.doc.embedPng(bytes);
      if (isJpeg || type === 'image/jpeg') return await this.doc.embedJpg(bytes);
    } catch {
      return null;
    }
    return null;
  }

  /** Draws every placed line in fonts cut down to its characters, then writes the PDF. */
  async save() {
    const pending = this.pending.splice(0);
    const placed = pending.map((item) => ({ item, runs: this.fonts[item.weight].runs(item.text) }));
    const characters = new Map<FontFace, Set<string>>();
    for (const { runs } of placed) {
      for (const run of runs) {
        const set = characters.get(run.face) ?? new Set<string>();
        for (const character of run.text) set.add(character);
        characters.set(run.face, set);
      }
    }
    const embedded = new Map<FontFace, PDFFont>();
    await Promise.all(
      [...characters].map(async ([face, set]) => {
        const bytes = await subsetFace(face, set);
        embedded.set(
          face,
          await this.doc.embedFont(bytes, { subset: true, features: SHAPING_FEATURES }),
        );
      }),
    );
    for (const { item, runs } of placed) {
      let x = item.x;
      for (const run of runs) {
        item.page.drawText(run.text, {
          x,
          y: item.y,
          size: item.size,
          font: embedded.get(run.face)!,
          color: item.color,
        });
        x += this.fonts[item.weight].runWidth(run, item.size);
      }
    }
    return this.doc.save();
  }
}

/** A PDF download: an attachment with a safe file name, never cached. */
export function pdfResponse(bytes: Uint8Array, fileName: string) {
  const safe = fileName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'document.pdf';
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${safe}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

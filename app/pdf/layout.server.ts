import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

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

/** Typographic characters outside WinAnsi that have a plain stand-in. */
const REPLACEMENTS: Record<string, string> = {
  '\t': '    ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u00a0': ' ',
  '\u2212': '-',
  '\u2192': '->',
  '\u2713': 'v',
};

/**
 * A small flowing-text layout on pdf-lib: standard fonts, word wrapping, page breaks,
 * headings, table rows, page numbers and pages written later (a table of contents).
 * The standard fonts speak WinAnsi only, so text they cannot encode is transliterated
 * or replaced, never a crash.
 */
export class PdfLayout {
  readonly doc: PDFDocument;
  private readonly fonts: { regular: PDFFont; bold: PDFFont; italic: PDFFont };
  private readonly charset: Set<number>;
  readonly margin: number;
  readonly size: [number, number];
  private page: PDFPage;
  private y: number;

  private constructor(
    doc: PDFDocument,
    fonts: { regular: PDFFont; bold: PDFFont; italic: PDFFont },
    options: { margin: number; size: [number, number] },
  ) {
    this.doc = doc;
    this.fonts = fonts;
    this.charset = new Set(fonts.regular.getCharacterSet());
    this.margin = options.margin;
    this.size = options.size;
    this.page = doc.addPage(options.size);
    this.y = options.size[1] - options.margin;
  }

  static async create(
    options: { title: string; author?: string; size?: [number, number]; margin?: number } = {
      title: 'Document',
    },
  ) {
    const doc = await PDFDocument.create();
    doc.setTitle(options.title);
    if (options.author) doc.setAuthor(options.author);
    doc.setCreator('Cadre');
    doc.setProducer('Cadre');
    const [regular, bold, italic] = await Promise.all([
      doc.embedFont(StandardFonts.Helvetica),
      doc.embedFont(StandardFonts.HelveticaBold),
      doc.embedFont(StandardFonts.HelveticaOblique),
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
   * Text the standard fonts can draw: accents they have stay, typographic spaces and
   * symbols get a plain stand-in, other letters drop to their base letter, the rest is "?".
   */
  encodable(text: string) {
    let out = '';
    for (const character of text.normalize('NFC')) {
      const mapped = REPLACEMENTS[character] ?? character;
      if ([...mapped].every((c) => this.charset.has(c.codePointAt(0) ?? 0))) {
        out += mapped;
        continue;
      }
      const base = mapped.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += [...base].every((c) => this.charset.has(c.codePointAt(0) ?? 0)) ? base : '?';
    }
    return out;
  }

  private fontFor(style: TextStyle) {
    if (style.bold) return this.fonts.bold;
    if (style.italic) return this.fonts.italic;
    return this.fonts.regular;
  }

  /** Breaks text into lines no wider than `width`, keeping the author's line breaks. */
  wrap(text: string, width: number, style: TextStyle = {}) {
    const font = this.fontFor(style);
    const size = style.size ?? 11;
    const fits = (value: string) => font.widthOfTextAtSize(value, size) <= width;
    const lines: string[] = [];
    for (const paragraph of this.encodable(text).split(/\r?\n/)) {
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        const candidate = line ? `${line} ${word}` : word;
        if (fits(candidate)) {
          line = candidate;
          continue;
        }
        if (line) lines.push(line);
        // a word wider than the line is cut where it must be
        let rest = word;
        while (!fits(rest)) {
          let cut = rest.length - 1;
          while (cut > 1 && !fits(rest.slice(0, cut))) cut -= 1;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
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
    const font = this.fontFor(style);
    for (const line of this.wrap(text, this.width - indent, style)) {
      this.ensureSpace(lineHeight);
      this.y -= lineHeight;
      if (line) {
        const x =
          style.align === 'center'
            ? (this.size[0] - font.widthOfTextAtSize(line, size)) / 2
            : this.margin + indent;
        this.page.drawText(line, {
          x,
          y: this.y + (lineHeight - size) / 2,
          size,
          font,
          color: style.color ?? INK,
        });
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
    const font = this.fontFor(style);
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
        this.page.drawText(line, {
          x: this.margin + (columns[index] ?? 0) * this.width,
          y: this.y - (lineIndex + 1) * lineHeight,
          size,
          font,
          color: style.color ?? INK,
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
    const font = this.fontFor(style);
    const figureText = this.encodable(figure);
    const figureWidth = font.widthOfTextAtSize(figureText, size);
    const [first = ''] = this.wrap(label, this.width - figureWidth - 24, style);
    const lineHeight = size * 1.6;
    this.ensureSpace(lineHeight);
    this.y -= lineHeight;
    const color = style.color ?? INK;
    this.page.drawText(first, { x: this.margin, y: this.y, size, font, color });
    this.page.drawText(figureText, {
      x: this.margin + this.width - figureWidth,
      y: this.y,
      size,
      font,
      color,
    });
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
      const text = this.encodable(label(index + 1, pages.length));
      const width = this.fonts.regular.widthOfTextAtSize(text, 9);
      page.drawText(text, {
        x: (this.size[0] - width) / 2,
        y: this.margin / 2,
        size: 9,
        font: this.fonts.regular,
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

  async save() {
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

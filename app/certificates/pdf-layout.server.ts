import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * A small top-down layout over pdf-lib for Cadre's documents: US Letter pages, Helvetica,
 * wrapped paragraphs and automatic page breaks. The standard fonts speak WinAnsi only, so
 * text is first reduced to what they can draw (accents stay; other scripts degrade).
 */

export const INK = rgb(0.12, 0.14, 0.2);
export const MUTED = rgb(0.38, 0.41, 0.48);
export const ACCENT = rgb(0.15, 0.33, 0.62);

const PAGE = { width: 612, height: 792 } as const;

const REPLACEMENTS: Record<string, string> = {
  '\u2009': ' ',
  '\u202f': ' ',
  '\u00a0': ' ',
  '\u2212': '-',
  '\u2192': '->',
  '\u2713': 'v',
};

export class PdfLayout {
  private constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    private readonly charset: Set<number>,
    readonly margin: number,
    readonly landscape: boolean,
  ) {}

  page!: PDFPage;
  y = 0;

  static async create(options: { title: string; landscape?: boolean; margin?: number }) {
    const doc = await PDFDocument.create();
    doc.setTitle(options.title);
    doc.setCreator('Cadre');
    doc.setProducer('Cadre');
    const regular = await doc.embedFont(StandardFonts.Helvetica);
    const bold = await doc.embedFont(StandardFonts.HelveticaBold);
    const layout = new PdfLayout(
      doc,
      regular,
      bold,
      new Set(regular.getCharacterSet()),
      options.margin ?? 56,
      options.landscape ?? false,
    );
    layout.addPage();
    return layout;
  }

  get width() {
    return this.landscape ? PAGE.height : PAGE.width;
  }

  get height() {
    return this.landscape ? PAGE.width : PAGE.height;
  }

  get contentWidth() {
    return this.width - this.margin * 2;
  }

  addPage() {
    this.page = this.doc.addPage([this.width, this.height]);
    this.y = this.height - this.margin;
  }

  /** Text the standard fonts can encode: typographic spaces flattened, the rest kept or dropped to its base letter. */
  clean(text: string) {
    let out = '';
    for (const char of text.normalize('NFC')) {
      const mapped = REPLACEMENTS[char] ?? char;
      if ([...mapped].every((c) => this.charset.has(c.codePointAt(0)!))) {
        out += mapped;
        continue;
      }
      const base = mapped.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += [...base].every((c) => this.charset.has(c.codePointAt(0)!)) ? base : '?';
    }
    return out;
  }

  private ensure(height: number) {
    if (this.y - height < this.margin) this.addPage();
  }

  /** Splits text into lines no wider than `width`. */
  wrap(text: string, font: PDFFont, size: number, width = this.contentWidth) {
    const lines: string[] = [];
    for (const paragraph of this.clean(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
        else {
          lines.push(line);
          line = word;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  text(
    text: string,
    options: {
      size?: number;
      bold?: boolean;
      color?: ReturnType<typeof rgb>;
      align?: 'left' | 'center';
      gap?: number;
    } = {},
  ) {
    const size = options.size ?? 11;
    const font = options.bold ? this.bold : this.regular;
    const lineHeight = size * 1.35;
    for (const line of this.wrap(text, font, size)) {
      this.ensure(lineHeight);
      this.y -= lineHeight;
      const x =
        options.align === 'center'
          ? (this.width - font.widthOfTextAtSize(line, size)) / 2
          : this.margin;
      this.page.drawText(line, { x, y: this.y, size, font, color: options.color ?? INK });
    }
    this.y -= options.gap ?? 4;
  }

  /** A row of cells at fixed x offsets (fractions of the content width), each wrapped. */
  row(
    cells: string[],
    columns: number[],
    options: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb> } = {},
  ) {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.regular;
    const lineHeight = size * 1.3;
    const widths = columns.map((start, index) => {
      const end = columns[index + 1] ?? 1;
      return (end - start) * this.contentWidth - 6;
    });
    const wrapped = cells.map((cell, index) => this.wrap(cell, font, size, widths[index]));
    const height = Math.max(...wrapped.map((lines) => lines.length)) * lineHeight;
    this.ensure(height + 4);
    wrapped.forEach((lines, index) => {
      lines.forEach((line, lineIndex) => {
        this.page.drawText(line, {
          x: this.margin + columns[index]! * this.contentWidth,
          y: this.y - (lineIndex + 1) * lineHeight,
          size,
          font,
          color: options.color ?? INK,
        });
      });
    });
    this.y -= height + 4;
  }

  rule(color = MUTED, thickness = 0.5) {
    this.ensure(8);
    this.y -= 4;
    this.page.drawLine({
      start: { x: this.margin, y: this.y },
      end: { x: this.width - this.margin, y: this.y },
      thickness,
      color,
    });
    this.y -= 4;
  }

  space(points: number) {
    this.y -= points;
  }

  frame(color = ACCENT) {
    for (const page of this.doc.getPages()) {
      const inset = 24;
      page.drawRectangle({
        x: inset,
        y: inset,
        width: this.width - inset * 2,
        height: this.height - inset * 2,
        borderColor: color,
        borderWidth: 2,
      });
    }
  }

  async save() {
    return this.doc.save();
  }
}

/** A PDF download, never cached. */
export function pdfAttachment(bytes: Uint8Array, fileName: string) {
  return new Response(Buffer.from(bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}

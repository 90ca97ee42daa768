import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import type { Font, TypeFeatures } from '@pdf-lib/fontkit';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);

export type FontWeight = 'regular' | 'bold' | 'italic';

/**
 * Noto Sans for Latin, Greek and Cyrillic (every accent of Vietnamese, Polish and Romanian
 * included), then Noto Sans Arabic and Noto Sans SC for the letters it lacks. The files come
 * from npm packages that ship Google Fonts' TTFs; Arabic and Chinese have no italic, so
 * italic text in those scripts is upright.
 */
const FILES: Record<'sans' | 'arabic' | 'han', Record<FontWeight, string>> = {
  sans: {
    regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
    italic: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  },
  arabic: {
    regular: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
    italic: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  },
  han: {
    regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
    italic: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  },
};

/**
 * Shaping features. `ccmp` is off so a precomposed letter ("ọ") stays one glyph: a PDF maps
 * each glyph to one piece of text, and a base glyph shared by "o" and "ọ" would make text
 * extraction (search, copy, screen readers) return the wrong letter. Arabic joining
 * (init/medi/fina, lam-alef) stays on.
 */
export const SHAPING_FEATURES = { ccmp: false } as unknown as TypeFeatures;

/** One font file, parsed once per process (fontkit reads tables lazily). */
export interface FontFace {
  id: string;
  bytes: Buffer;
  font: Font;
}

const faces = new Map<string, Promise<FontFace>>();

function loadFace(file: string): Promise<FontFace> {
  let face = faces.get(file);
  if (!face) {
    face = readFile(require.resolve(file)).then((bytes) => ({
      id: file,
      bytes,
      font: fontkit.create(bytes),
    }));
    // a failed read is retried next time instead of being remembered
    face.catch(() => faces.delete(file));
    faces.set(file, face);
  }
  return face;
}

/** Letters and marks decide a run's font; spaces, digits and punctuation follow their neighbours. */
const STRONG = /[\p{L}\p{M}]/u;

export interface TextRun {
  face: FontFace;
  text: string;
}

/**
 * The fonts for one weight, in order of preference, and how a string splits into runs of
 * text each drawn in the first font that has its letters.
 */
export class FontStack {
  private readonly widths = new Map<string, number>();

  constructor(readonly faces: FontFace[]) {}

  static async load(weight: FontWeight) {
    return new FontStack(
      await Promise.all([
        loadFace(FILES.sans[weight]),
        loadFace(FILES.arabic[weight]),
        loadFace(FILES.han[weight]),
      ]),
    );
  }

  get primary() {
    return this.faces[0]!;
  }

  /** the first face with a glyph for the character, or null when none has one */
  faceFor(character: string): FontFace | null {
    const codePoint = character.codePointAt(0) ?? 0;
    return this.faces.find((face) => face.font.hasGlyphForCodePoint(codePoint)) ?? null;
  }

  has(character: string) {
    return this.faceFor(character) !== null;
  }

  /**
   * Runs of one face each. A space or punctuation between two letters of the same face joins
   * their run (an Arabic name with a space stays one right-to-left run); elsewhere it takes the
   * primary face, so it never ends up on the wrong side of a right-to-left run.
   */
  runs(text: string): TextRun[] {
    const characters = [...text];
    const strongFace = characters.map((character) =>
      STRONG.test(character) ? this.faceFor(character) : null,
    );
    const runs: TextRun[] = [];
    let previousStrong: FontFace | null = null;
    characters.forEach((character, index) => {
      let face = strongFace[index] ?? null;
      if (face) {
        previousStrong = face;
      } else {
        const nextIndex = strongFace.findIndex((candidate, at) => at > index && candidate);
        const nextStrong = nextIndex >= 0 ? strongFace[nextIndex] : null;
        const codePoint = character.codePointAt(0) ?? 0;
        face =
          previousStrong &&
          previousStrong === nextStrong &&
          previousStrong.font.hasGlyphForCodePoint(codePoint)
            ? previousStrong
            : (this.faceFor(character) ?? this.primary);
      }
      const last = runs[runs.length - 1];
      if (last && last.face === face) last.text += character;
      else runs.push({ face, text: character });
    });
    return runs;
  }

  /** width of a run in points, as the PDF will advance it (glyph advances, no kerning) */
  runWidth(run: TextRun, size: number) {
    const key = `${run.face.id}\u0000${run.text}`;
    let units = this.widths.get(key);
    if (units === undefined) {
      const { glyphs } = run.face.font.layout(run.text, SHAPING_FEATURES);
      units = glyphs.reduce((sum, glyph) => sum + glyph.advanceWidth, 0) / run.face.font.unitsPerEm;
      if (this.widths.size > 5000) this.widths.clear();
      this.widths.set(key, units);
    }
    return units * size;
  }

  width(text: string, size: number) {
    return this.runs(text).reduce((sum, run) => sum + this.runWidth(run, size), 0);
  }
}

/**
 * A face cut down to the characters a document uses. HarfBuzz's subsetter keeps what shaping
 * needs (Arabic joining forms, ligatures); pdf-lib then subsets that small font again while
 * embedding, which works where its own subsetter drops glyphs from the full Noto files.
 */
export function subsetFace(face: FontFace, characters: Iterable<string>) {
  return subsetFont(face.bytes, [...new Set(characters)].join(''), { targetFormat: 'truetype' });
}

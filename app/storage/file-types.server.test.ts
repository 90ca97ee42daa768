import { describe, expect, it } from 'vitest';
import { zipOf } from '../../tests/integration/critique-fixtures';
import {
  cleanFileName,
  detectFileType,
  detectUnacceptedFileType,
  extensionOf,
  type ByteSource,
} from './file-types.server';

function source(bytes: Uint8Array): ByteSource {
  return {
    size: () => bytes.length,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
  };
}

const ascii = (text: string) => new TextEncoder().encode(text);
const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let cursor = 0;
  for (const part of parts) {
    out.set(part, cursor);
    cursor += part.length;
  }
  return out;
};

const contentTypes = (main: string) =>
  `<Types><Override PartName="/x.xml" ContentType="application/vnd.openxmlformats-officedocument.${main}+xml"/></Types>`;

describe('detectFileType', () => {
  const cases: [string, Uint8Array, string | null][] = [
    ['a PDF', ascii('%PDF-1.4\n...'), 'pdf'],
    ['a PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'png'],
    ['a JPEG', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'jpeg'],
    ['a GIF', ascii('GIF89a\x01\x00'), 'gif'],
    ['a WebP', join(ascii('RIFF'), new Uint8Array([1, 2, 3, 4]), ascii('WEBPVP8 ')), 'webp'],
    ['an MP4', join(new Uint8Array([0, 0, 0, 0x20]), ascii('ftypisom0000')), 'mp4'],
    ['an MP4 of brand mp42', join(new Uint8Array([0, 0, 0, 0x18]), ascii('ftypmp420000')), 'mp4'],
    ['an M4V', join(new Uint8Array([0, 0, 0, 0x1c]), ascii('ftypM4V 0000')), 'mp4'],
    ['a HEIC photo', join(new Uint8Array([0, 0, 0, 0x18]), ascii('ftypheic0000')), null],
    ['a HEIF image', join(new Uint8Array([0, 0, 0, 0x18]), ascii('ftypmif10000')), null],
    ['a QuickTime movie', join(new Uint8Array([0, 0, 0, 0x14]), ascii('ftypqt  0000')), null],
    ['an M4A audio file', join(new Uint8Array([0, 0, 0, 0x20]), ascii('ftypM4A 0000')), null],
    ['a truncated ftyp box', join(new Uint8Array([0, 0, 0, 0x20]), ascii('ftyp')), null],
    [
      'a Word document',
      zipOf({ '[Content_Types].xml': contentTypes('wordprocessingml.document.main') }),
      'docx',
    ],
    [
      'a PowerPoint presentation',
      zipOf({ '[Content_Types].xml': contentTypes('presentationml.presentation.main') }),
      'pptx',
    ],
    [
      'an Excel workbook',
      zipOf({ '[Content_Types].xml': contentTypes('spreadsheetml.sheet.main') }),
      null,
    ],
    ['a zip without content types', zipOf({ 'a.txt': 'hello' }), null],
    ['a truncated zip', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), null],
    ['a Windows program', new Uint8Array([0x4d, 0x5a, 0x90, 0]), null],
    ['an HTML page', ascii('<!doctype html><script>alert(1)</script>'), null],
    ['an empty file', new Uint8Array(0), null],
  ];
  for (const [label, bytes, expected] of cases) {
    it(`recognises ${label}`, async () => {
      expect(await detectFileType(source(bytes))).toBe(expected);
    });
  }
});

describe('detectUnacceptedFileType', () => {
  const cases: [string, Uint8Array, string | null][] = [
    ['a HEIC photo', join(new Uint8Array([0, 0, 0, 0x18]), ascii('ftypheic0000')), 'heic'],
    ['a HEIC burst', join(new Uint8Array([0, 0, 0, 0x18]), ascii('ftyphevc0000')), 'heic'],
    ['a HEIF image', join(new Uint8Array([0, 0, 0, 0x18]), ascii('ftypmif10000')), 'heic'],
    ['an AVIF image', join(new Uint8Array([0, 0, 0, 0x1c]), ascii('ftypavif0000')), 'avif'],
    ['a QuickTime movie', join(new Uint8Array([0, 0, 0, 0x14]), ascii('ftypqt  0000')), 'mov'],
    ['an old QuickTime movie', join(new Uint8Array([0, 0, 0, 0x08]), ascii('wide0000')), 'mov'],
    ['an MP4', join(new Uint8Array([0, 0, 0, 0x20]), ascii('ftypisom0000')), null],
    ['a PDF', ascii('%PDF-1.4\n...'), null],
    ['an empty file', new Uint8Array(0), null],
  ];
  for (const [label, bytes, expected] of cases) {
    it(`names ${label}`, async () => {
      expect(await detectUnacceptedFileType(source(bytes))).toBe(expected);
    });
  }
});

describe('file names', () => {
  it('reads the extension and keeps only a safe base name', () => {
    expect(extensionOf('Lesson Plan.PDF')).toBe('pdf');
    expect(extensionOf('no-extension')).toBe('');
    expect(cleanFileName('C:\\Users\\me\\plan "final".docx')).toBe('plan final.docx');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('')).toBe('evidence');
  });
});

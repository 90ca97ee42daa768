import { inflateRawSync } from 'node:zlib';
import { cutToLength } from '../utils/savable-text.server';

/** the kinds of evidence file accepted, each recognised by its content */
export const evidenceFileTypes = {
  pdf: { contentType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  png: { contentType: 'image/png', extensions: ['png'], label: 'PNG image' },
  jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG image' },
  gif: { contentType: 'image/gif', extensions: ['gif'], label: 'GIF image' },
  webp: { contentType: 'image/webp', extensions: ['webp'], label: 'WebP image' },
  mp4: { contentType: 'video/mp4', extensions: ['mp4', 'm4v'], label: 'MP4 video' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    label: 'Word document',
  },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    label: 'PowerPoint presentation',
  },
} as const;

export type EvidenceFileType = keyof typeof evidenceFileTypes;

export const ACCEPTED_EXTENSIONS = Object.values(evidenceFileTypes)
  .flatMap((type) => type.extensions.map((extension) => `.${extension}`))
  .join(',');

/** random access to a file being checked */
export interface ByteSource {
  size(): number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) =>
  signature.every((byte, index) => bytes[at + index] === byte);
const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

/**
 * What a file really is, read from its bytes, or null when it is none of the accepted
 * kinds. Word and PowerPoint files are zip archives: the type is read from the
 * `[Content_Types].xml` part inside, so any other zip (or a renamed one) is refused.
 */
export async function detectFileType(source: ByteSource): Promise<EvidenceFileType | null> {
  const head = await source.read(0, 16);
  if (startsWith(head, ascii('%PDF-'))) return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'webp';
  if (isoMediaKind(head) === 'mp4') return 'mp4';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return detectOfficeType(source);
  return null;
}

/** kinds recognised by their content and refused, each with what to do instead */
export const unacceptedFileTypes = {
  heic: {
    label: 'HEIC photo',
    advice: 'most browsers cannot show it. Export it as JPEG and upload it again.',
  },
  avif: {
    label: 'AVIF image',
    advice: 'not every browser can show it. Export it as JPEG or PNG and upload it again.',
  },
  mov: {
    label: 'QuickTime (MOV) video',
    advice: 'not every browser can play it. Export or share it as MP4 and upload it again.',
  },
} as const;

export type UnacceptedFileType = keyof typeof unacceptedFileTypes;

/** a file that is a known kind the app refuses (a HEIC photo, a QuickTime movie), or null */
export async function detectUnacceptedFileType(
  source: ByteSource,
): Promise<UnacceptedFileType | null> {
  const kind = isoMediaKind(await source.read(0, 16));
  return kind === 'mp4' ? null : kind;
}

/*
 * ISO base media files (MP4, QuickTime, HEIF) open with an `ftyp` box whose major brand
 * names the format; only the brands of MP4 video are taken as MP4. Older QuickTime files
 * open straight with a movie, data or padding atom.
 */
const MP4_BRANDS = new Set([
  'isom',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'mp41',
  'mp42',
  'avc1',
  'dash',
  'mmp4',
  'M4V ',
  'M4VH',
  'M4VP',
  'MSNV',
  'NDAS',
]);
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
const QUICKTIME_ATOMS = ['moov', 'mdat', 'wide'];

function isoMediaKind(head: Uint8Array): 'mp4' | UnacceptedFileType | null {
  const box = head.length >= 8 ? String.fromCharCode(...head.subarray(4, 8)) : '';
  if (QUICKTIME_ATOMS.includes(box)) return 'mov';
  if (box !== 'ftyp' || head.length < 12) return null;
  const brand = String.fromCharCode(...head.subarray(8, 12));
  if (MP4_BRANDS.has(brand)) return 'mp4';
  if (HEIF_BRANDS.has(brand)) return 'heic';
  if (AVIF_BRANDS.has(brand)) return 'avif';
  if (brand === 'qt  ') return 'mov';
  return null;
}

async function detectOfficeType(source: ByteSource): Promise<EvidenceFileType | null> {
  const contentTypes = await readZipEntry(source, '[Content_Types].xml');
  if (!contentTypes) return null;
  if (contentTypes.includes('wordprocessingml.document.main+xml')) return 'docx';
  if (contentTypes.includes('presentationml.presentation.main+xml')) return 'pptx';
  return null;
}

const MAX_PART_BYTES = 1_000_000;

/** one small entry of a zip archive, found through its central directory */
async function readZipEntry(source: ByteSource, name: string): Promise<string | null> {
  const size = source.size();
  const tailLength = Math.min(size, 65_557);
  const tail = await source.read(size - tailLength, tailLength);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let end = -1;
  for (let index = tail.length - 22; index >= 0; index -= 1) {
    if (view.getUint32(index, true) === 0x06054b50) {
      end = index;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (directoryOffset + directorySize > size || directorySize > 5_000_000) return null;
  const directory = await source.read(directoryOffset, directorySize);
  const dir = new DataView(directory.buffer, directory.byteOffset, directory.byteLength);
  let cursor = 0;
  for (let entry = 0; entry < entries && cursor + 46 <= directory.length; entry += 1) {
    if (dir.getUint32(cursor, true) !== 0x02014b50) return null;
    const method = dir.getUint16(cursor + 10, true);
    const compressedSize = dir.getUint32(cursor + 20, true);
    const nameLength = dir.getUint16(cursor + 28, true);
    const extraLength = dir.getUint16(cursor + 30, true);
    const commentLength = dir.getUint16(cursor + 32, true);
    const localOffset = dir.getUint32(cursor + 42, true);
    const entryName = new TextDecoder().decode(
      directory.subarray(cursor + 46, cursor + 46 + nameLength),
    );
    cursor += 46 + nameLength + extraLength + commentLength;
    if (entryName !== name) continue;
    if (compressedSize > MAX_PART_BYTES) return null;
    const local = await source.read(localOffset, 30);
    const localView = new DataView(local.buffer, local.byteOffset, local.byteLength);
    if (local.length < 30 || localView.getUint32(0, true) !== 0x04034b50) return null;
    const dataOffset =
      localOffset + 30 + localView.getUint16(26, true) + localView.getUint16(28, true);
    const data = await source.read(dataOffset, compressedSize);
    try {
      const bytes =
        method === 0
          ? data
          : method === 8
            ? inflateRawSync(data, { maxOutputLength: MAX_PART_BYTES })
            : null;
      return bytes ? new TextDecoder().decode(bytes) : null;
    } catch {
      return null;
    }
  }
  return null;
}

/** the lower-case extension of an uploaded name, without the dot */
export function extensionOf(fileName: string) {
  const match = /\.([a-z0-9]{1,8})$/i.exec(fileName.trim());
  return match ? match[1]!.toLowerCase() : '';
}

/** a name safe to show and to send back in Content-Disposition */
export function cleanFileName(fileName: string) {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return cutToLength(cleaned || 'evidence', 200);
}

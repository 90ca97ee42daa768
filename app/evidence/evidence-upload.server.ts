import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { UPLOAD_ENVELOPE_BYTES, uploadTooLargeMessage } from '../http/body-limit.server';
import {
  cleanFileName,
  detectFileType,
  detectUnacceptedFileType,
  evidenceFileTypes,
  unacceptedFileTypes,
  extensionOf,
} from '../storage/file-types.server';
import type { StagedFile, Storage } from '../storage/storage.server';
import { addFileItem } from './evidence-items.server';
import type { DB } from '../../db/db.server';
import { findOverlongListField, findUnsavableField } from '../http/form.server';
import { cutToLength, isSavableText, UNSAVABLE_TEXT_MESSAGE } from '../utils/savable-text.server';

export type UploadOutcome =
  | { status: 'stored'; fileName: string }
  | {
      status: 'refused';
      /** HTTP status: 413 too large, 415 not an accepted kind, 400 anything else */
      code: 400 | 409 | 413 | 415;
      message: string;
      /** the request body was not read to its end; the connection should close */
      unreadBody: boolean;
    };

class TooLarge extends Error {}

const FIELD_CHARS = 1000;

/** The upload's text fields: an over-long label is cut to fit rather than refused. */
const UploadFieldsSchema = z.object({
  label: z
    .string()
    .trim()
    .default('')
    .transform((label) => cutToLength(label, 200)),
});

/**
 * Receives one evidence file. The size is enforced while the body streams in (and from
 * Content-Length before reading anything), the bytes are checked for what they really are
 * and must agree with the file's extension, and only an accepted file is kept under a
 * generated key; on any refusal nothing stays on disk and nothing is recorded.
 */
export async function receiveEvidenceFile(
  db: DB,
  request: Request,
  input: { submissionId: string; storage: Storage; maxBytes: number },
): Promise<UploadOutcome> {
  const declared = Number(request.headers.get('Content-Length') ?? '0');
  if (declared > input.maxBytes + UPLOAD_ENVELOPE_BYTES) {
    return {
      status: 'refused',
      code: 413,
      message: uploadTooLargeMessage(input.maxBytes),
      unreadBody: true,
    };
  }
  if (!/^multipart\/form-data/i.test(request.headers.get('Content-Type') ?? '')) {
    return { status: 'refused', code: 400, message: 'Choose a file to upload.', unreadBody: true };
  }

  const staged: { file: StagedFile; name: string }[] = [];
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (name === 'file' && filename !== undefined) {
      if (staged.length > 0) throw new Error('one file per upload');
      const file = await input.storage.stage();
      staged.push({ file, name: filename });
      for await (const chunk of data) {
        if (file.size() + chunk.byteLength > input.maxBytes) throw new TooLarge();
        await file.write(chunk);
      }
      return 'staged';
    }
    let text = '';
    for await (const chunk of data) {
      text += new TextDecoder().decode(chunk);
      if (text.length > FIELD_CHARS) throw new TooLarge();
    }
    return text;
  };

  const discardAll = () => Promise.all(staged.map(({ file }) => file.discard()));
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    await discardAll();
    if (error instanceof TooLarge) {
      return {
        status: 'refused',
        code: 413,
        message: uploadTooLargeMessage(input.maxBytes),
        unreadBody: true,
      };
    }
    return {
      status: 'refused',
      code: 400,
      message: 'The upload did not arrive whole. Choose the file again and upload it.',
      unreadBody: true,
    };
  }

  const upload = staged[0];
  try {
    const unsavable =
      findUnsavableField(form) ?? (upload && !isSavableText(upload.name) ? 'file' : null);
    if (unsavable !== null) {
      return {
        status: 'refused',
        code: 400,
        message: `Nothing was uploaded: the field “${unsavable}” has a problem. ${UNSAVABLE_TEXT_MESSAGE}`,
        unreadBody: false,
      };
    }
    if (findOverlongListField(form) !== null) {
      return {
        status: 'refused',
        code: 400,
        message:
          'Nothing was uploaded: the form has a field our pages never send. Upload it from the page again.',
        unreadBody: false,
      };
    }
    if (!upload || upload.file.size() === 0) {
      return {
        status: 'refused',
        code: 400,
        message: 'Choose a file to upload (it was empty or missing).',
        unreadBody: false,
      };
    }
    const fileName = cleanFileName(upload.name);
    const detected = await detectFileType(upload.file);
    const extension = extensionOf(fileName);
    const unaccepted = detected ? null : await detectUnacceptedFileType(upload.file);
    if (unaccepted) {
      const { label, advice } = unacceptedFileTypes[unaccepted];
      return {
        status: 'refused',
        code: 415,
        message: `“${fileName}” is a ${label}, which was not uploaded: ${advice}`,
        unreadBody: false,
      };
    }
    if (!detected) {
      return {
        status: 'refused',
        code: 415,
        message: `“${fileName}” is not a PDF, Word or PowerPoint file, image or MP4 video, whatever its name says, so it was not uploaded.`,
        unreadBody: false,
      };
    }
    const type = evidenceFileTypes[detected];
    if (!(type.extensions as readonly string[]).includes(extension)) {
      return {
        status: 'refused',
        code: 415,
        message: `“${fileName}” is named like a .${extension || '(no extension)'} file but its content is a ${type.label}. Save it with the right extension (.${type.extensions[0]}) and upload it again.`,
        unreadBody: false,
      };
    }
    const fields = parseWithZod(form, { schema: UploadFieldsSchema, disableAutoCoercion: true });
    const label = fields.status === 'success' ? fields.value.label : '';
    const byteSize = upload.file.size();
    const storageKey = await upload.file.commit();
    const added = await addFileItem(db, {
      submissionId: input.submissionId,
      storageKey,
      fileName,
      contentType: type.contentType,
      byteSize,
      label,
    }).catch(async (error: unknown) => {
      await input.storage.remove(storageKey);
      throw error;
    });
    if (added.status !== 'added') {
      await input.storage.remove(storageKey);
      return {
        status: 'refused',
        code: 409,
        message:
          added.status === 'too-many'
            ? 'This submission already has the most files it can hold; remove one first.'
            : 'This evidence can no longer change.',
        unreadBody: false,
      };
    }
    return { status: 'stored', fileName };
  } finally {
    await discardAll();
  }
}

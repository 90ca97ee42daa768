import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../setup/server';
import type { HttpClient } from '../setup/http-client';
import {
  buildCritiqueCohort,
  samples,
  signedIn,
  startEvidence,
  storedFiles,
  uploadFile,
} from './critique-fixtures';

const MAX_BYTES = 64 * 1024;
let server: TestServer;
let uploadDir: string;
let cohort: Awaited<ReturnType<typeof buildCritiqueCohort>>;
let author: HttpClient;
let submissionId: string;
let evidencePath: string;

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'cadre-uploads-'));
  server = await startTestServer({ UPLOAD_DIR: uploadDir, UPLOAD_MAX_BYTES: String(MAX_BYTES) });
  cohort = await buildCritiqueCohort(server.db);
  author = await signedIn(server.url, cohort.participants[0]!.email);
  submissionId = await startEvidence(author, cohort.cohort.id, cohort.credential.id);
  evidencePath = `/cohorts/${cohort.cohort.id}/evidence/${submissionId}`;
});

afterAll(async () => {
  await server?.close();
  await rm(uploadDir, { recursive: true, force: true });
});

/** the opening of an ISO media file (MP4, QuickTime, HEIF) of the given major brand */
const isoMedia = (brand: string) =>
  new Blob([new Uint8Array([0, 0, 0, 0x18]), `ftyp${brand}\0\0\0\0${brand}isom`, 'x'.repeat(64)]);

async function fileItems() {
  return server.db
    .selectFrom('evidence_item')
    .select(['id', 'file_name', 'content_type', 'byte_size', 'storage_key'])
    .where('submission_id', '=', submissionId)
    .where('kind', '=', 'file')
    .orderBy('created_at')
    .execute();
}

describe('evidence uploads', () => {
  it('keeps a PDF under a generated name and serves it back only as an attachment', async () => {
    const response = await uploadFile(author, evidencePath, samples.pdf(), 'lesson plan.pdf', {
      label: 'Lesson plan',
    });
    expect(response.status).toBe(302);
    const [item] = await fileItems();
    expect(item).toMatchObject({ file_name: 'lesson plan.pdf', content_type: 'application/pdf' });
    expect(item!.storage_key).not.toContain('lesson');
    expect(await storedFiles(uploadDir)).toEqual([path.join(uploadDir, item!.storage_key!)]);

    const download = await author.get(`${evidencePath}/files/${item!.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="lesson plan.pdf"/,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(await download.text()).toBe(await samples.pdf().text());
  });

  it('accepts a Word document recognised from the parts inside it', async () => {
    const response = await uploadFile(author, evidencePath, samples.docx(), 'reflection.docx');
    expect(response.status).toBe(302);
    expect((await fileItems()).map((item) => item.content_type)).toContain(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
  });

  describe('refusals store nothing', () => {
    let before: { files: string[]; items: number };
    const snapshot = async () => ({
      files: (await storedFiles(uploadDir)).sort(),
      items: (await fileItems()).length,
    });

    it('answers a file over the size limit with 413 and a message', async () => {
      before = await snapshot();
      const big = new Blob([new Uint8Array(MAX_BYTES * 3).fill(0x25)]);
      const response = await uploadFile(author, evidencePath, big, 'video.mp4');
      expect(response.status).toBe(413);
      expect(await response.text()).toContain('larger than 0.1 MB');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses from the streamed size when the request does not say its length', async () => {
      before = await snapshot();
      // just over the limit, within the envelope allowance, so only the streaming check sees it
      const big = new Blob([new Uint8Array(MAX_BYTES + 10).fill(0x25)]);
      const response = await uploadFile(author, evidencePath, big, 'scan.pdf');
      expect(response.status).toBe(413);
      expect(await snapshot()).toEqual(before);
    });

    const refusals: [string, () => Blob, string, RegExp][] = [
      ['a renamed executable', samples.windowsExecutable, 'plan.pdf', /not a PDF, Word/],
      ['an image named as a PDF', samples.png, 'plan.pdf', /content is a PNG image/],
      ['a zip named as a Word document', samples.plainZip, 'essay.docx', /not a PDF, Word/],
      ['a script', () => new Blob(['#!/bin/sh\nrm -rf /\n']), 'run.sh', /not a PDF, Word/],
      ['an iPhone photo', () => isoMedia('heic'), 'IMG_0001.heic', /is a HEIC photo.*as JPEG/],
      ['a HEIC photo named as an MP4', () => isoMedia('heic'), 'clip.mp4', /is a HEIC photo/],
      ['a QuickTime movie', () => isoMedia('qt  '), 'lesson.mov', /QuickTime \(MOV\).*as MP4/],
      ['a QuickTime movie named as an MP4', () => isoMedia('qt  '), 'lesson.mp4', /QuickTime/],
    ];
    for (const [label, file, name, message] of refusals) {
      it(`refuses ${label}`, async () => {
        before = await snapshot();
        const response = await uploadFile(author, evidencePath, file(), name);
        expect(response.status).toBe(415);
        expect(await response.text()).toMatch(message);
        expect(await snapshot()).toEqual(before);
      });
    }

    it('refuses an upload from someone who is not the author', async () => {
      before = await snapshot();
      const partner = await signedIn(server.url, cohort.participants[1]!.email);
      const response = await uploadFile(partner, evidencePath, samples.pdf(), 'mine.pdf');
      expect(response.status).toBe(403);
      expect(await snapshot()).toEqual(before);
    });
  });
});

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { expect } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import {
  buildCohortWithPeople,
  buildMember,
  buildMicroCredentialWithRubric,
  buildPartnership,
  buildUser,
} from '../../db/builders';
import type { DB } from '../../db/db.server';
import { HttpClient } from '../setup/http-client';

export const PASSWORD = 'critique test password';

/**
 * A cohort with five participants, a micro-credential with three criteria, and partners:
 * participants 0+1 and 2+3 are pairs; participant 4 is in no group (an outsider to both).
 */
export async function buildCritiqueCohort(db: DB) {
  const passwordHash = await hashPassword(PASSWORD);
  const people = await buildCohortWithPeople(db, { participants: 5, passwordHash });
  // members of the organization, so scoring carries no non-member fee (fees have their own tests)
  await db
    .updateTable('app_user')
    .set({ member_since: '2020-01-01' })
    .where('organization_id', '=', people.organization.id)
    .execute();
  const credential = await buildMicroCredentialWithRubric(db, {
    programId: people.program.id,
    code: 'CM-1',
    title: 'Routines That Protect Learning Time',
    criteria: [
      { title: 'Routine is clearly defined', meetsDescription: 'Steps and cues are precise.' },
      { title: 'Routine was taught', meetsDescription: 'Modelled, practised, re-taught.' },
      { title: 'Impact on learning time', meetsDescription: 'Before-and-after data.' },
    ],
  });
  const members = await db
    .selectFrom('cohort_member')
    .select(['id', 'user_id'])
    .where('cohort_id', '=', people.cohort.id)
    .execute();
  const memberOf = (userId: string) => members.find((member) => member.user_id === userId)!.id;
  const participantMembers = people.participants.map((participant) => memberOf(participant.id));
  await buildPartnership(db, {
    cohortId: people.cohort.id,
    memberIds: [participantMembers[0]!, participantMembers[1]!],
  });
  await buildPartnership(db, {
    cohortId: people.cohort.id,
    memberIds: [participantMembers[2]!, participantMembers[3]!],
  });
  return { ...people, credential, participantMembers, passwordHash };
}

export async function addSecondCoach(
  db: DB,
  input: { organizationId: string; cohortId: string; passwordHash: string },
) {
  const coach = await buildUser(db, {
    organizationId: input.organizationId,
    passwordHash: input.passwordHash,
    name: 'Second Coach',
  });
  await buildMember(db, { cohortId: input.cohortId, userId: coach.id, role: 'coach' });
  return coach;
}

export async function signedIn(baseUrl: string, email: string) {
  const client = new HttpClient(baseUrl);
  const response = await client.signIn(email, PASSWORD);
  expect(response.status).toBe(302);
  return client;
}

/** Starts (or opens) the participant's evidence and returns the submission id. */
export async function startEvidence(client: HttpClient, cohortId: string, credentialId: string) {
  const response = await client.post(`/cohorts/${cohortId}/evidence`, {
    microCredentialId: credentialId,
  });
  expect(response.status).toBe(302);
  const location = response.headers.get('location') ?? '';
  const match = /\/evidence\/([0-9a-f-]{36})$/.exec(location);
  expect(match, `redirected to ${location}`).not.toBeNull();
  return match![1]!;
}

/** Posts a multipart upload as a browser would, with the client's cookies. */
export async function uploadFile(
  client: HttpClient,
  path: string,
  file: Blob,
  name: string,
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set('file', file, name);
  return fetch(new URL(path, client.baseUrl), {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: {
      Cookie: client.cookieHeader,
      Origin: client.baseUrl,
      'X-Forwarded-For': client.ip,
    },
  });
}

/** The message the toast cookie of a redirect carries. */
export function toastOf(response: Response) {
  const cookie = response.headers
    .getSetCookie()
    .find((header) => header.startsWith('cadre_toast='));
  if (!cookie) return '';
  const value = decodeURIComponent(cookie.split(';')[0]!.slice('cadre_toast='.length));
  try {
    const decoded = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as {
      message?: string;
    };
    return decoded.message ?? value;
  } catch {
    return value;
  }
}

/** every stored file under the upload root (staging included) */
export async function storedFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

export const samples = {
  pdf: () =>
    new Blob([new TextEncoder().encode('%PDF-1.7\n1 0 obj << >> endobj\ntrailer\n%%EOF\n')]),
  png: () =>
    new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73])]),
  windowsExecutable: () =>
    new Blob([new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00])]),
  docx: () =>
    new Blob([
      zipOf({
        '[Content_Types].xml':
          '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        'word/document.xml': '<w:document/>',
      }),
    ]),
  plainZip: () => new Blob([zipOf({ 'notes.txt': 'just a zip' })]),
};

/** a stored (uncompressed) zip archive, enough to test content checks */
export function zipOf(files: Record<string, string>): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = encoder.encode(name);
    const data = encoder.encode(content);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, nameBytes.length, true);
    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, 20, true);
    central.setUint16(6, 20, true);
    central.setUint32(16, crc, true);
    central.setUint32(20, data.length, true);
    central.setUint32(24, data.length, true);
    central.setUint16(28, nameBytes.length, true);
    central.setUint32(42, offset, true);
    locals.push(new Uint8Array(local.buffer), nameBytes, data);
    centrals.push(new Uint8Array(central.buffer), nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, Object.keys(files).length, true);
  end.setUint16(10, Object.keys(files).length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, new Uint8Array(end.buffer)];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let cursor = 0;
  for (const part of parts) {
    out.set(part, cursor);
    cursor += part.length;
  }
  return out;
}

import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'document compression password';
let server: TestServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let client: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  people = await buildCohortWithPeople(server.db, {
    participants: 18,
    passwordHash: await hashPassword(PASSWORD),
  });
  client = new HttpClient(server.url);
  await client.signIn(people.facilitator.email, PASSWORD);
});

afterAll(async () => {
  await server?.close();
});

/** the response as it crossed the wire: fetch would decompress it */
function rawGet(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const call = request(new URL(path, server.url), { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      });
      call.on('error', reject);
      call.end();
    },
  );
}

/**
 * Each flush of a gzip stream ends in an empty stored block, 00 00 ff ff: counting them
 * counts the pieces the page was compressed in.
 */
function gzipPieces(body: Buffer) {
  let pieces = 0;
  for (let at = body.indexOf(MARKER); at !== -1; at = body.indexOf(MARKER, at + 1)) pieces += 1;
  return pieces;
}
const MARKER = Buffer.from([0x00, 0x00, 0xff, 0xff]);

describe('a document sent to a browser that accepts gzip', () => {
  it('is gzip-encoded, decompresses to the whole page, and is compressed in one piece', async () => {
    const response = await rawGet(`/cohorts/${people.cohort.id}`, {
      Cookie: client.cookieHeader,
      'Accept-Encoding': 'gzip',
      'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36',
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    const page = gunzipSync(response.body).toString('utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('</body></html>');
    expect(page).toContain('streamController.close()');
    expect(page).toContain(people.cohort.name);
    // the loader data travels inside the document too
    expect(page).toContain('window.__remixContext');
    expect(gzipPieces(response.body)).toBeLessThanOrEqual(1);

    // the same page unencoded is byte for byte what the gzip held
    const plain = await rawGet(`/cohorts/${people.cohort.id}`, {
      Cookie: client.cookieHeader,
      'Accept-Encoding': 'identity',
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(5000);
    // nonces differ per request; everything else is the same length
    expect(Math.abs(plain.body.length - Buffer.byteLength(page))).toBeLessThan(200);
  });
});

describe("the bench's bare document", () => {
  it('is not served by a server the bench did not start', async () => {
    const response = await client.get('/bench/document?bytes=20000');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('Row 0000000');
  });
});

import { gunzipSync, gzipSync } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { addDataIntegrityProof } from './data-integrity.server';
import { getOrCreateSigningKey } from './keys.server';
import {
  dateTime,
  issuerProfile,
  keyUrl,
  signCredential,
  statusListUrl,
} from './open-badges.server';

type Executor = Kysely<Database>;

/**
 * W3C Bitstring Status List v1.0: at least 16 KB (131,072 entries) uncompressed, so one
 * credential's bit hides among many; bit 0 is the left-most bit of the first byte.
 */
export const MIN_STATUS_LIST_BITS = 131_072;

/** the next bit of the organization's list, never given twice */
export async function allocateStatusIndex(db: Executor, organizationId: string) {
  const row = await db
    .insertInto('credential_status_list')
    .values({ organization_id: organizationId, next_index: 1 })
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({
        next_index: sql<number>`credential_status_list.next_index + 1`,
      }),
    )
    .returning('next_index')
    .executeTakeFirstOrThrow();
  return row.next_index - 1;
}

/** The earner's credentialSubject.id at the organization, made on first use and kept. */
export async function getSubjectId(
  db: Executor,
  input: { organizationId: string; userId: string },
): Promise<string> {
  await db
    .insertInto('credential_subject')
    .values({ organization_id: input.organizationId, user_id: input.userId })
    .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doNothing())
    .execute();
  const row = await db
    .selectFrom('credential_subject')
    .select('subject_id')
    .where('organization_id', '=', input.organizationId)
    .where('user_id', '=', input.userId)
    .executeTakeFirstOrThrow();
  return row.subject_id;
}

/** The bitstring with `set` indexes on, GZIP'd and multibase base64url-encoded ("u" prefix). */
export function encodeStatusList(set: number[], minimumBits = MIN_STATUS_LIST_BITS) {
  const highest = set.length > 0 ? Math.max(...set) : 0;
  const bits = Math.max(minimumBits, Math.ceil((highest + 1) / minimumBits) * minimumBits);
  const bytes = new Uint8Array(bits / 8);
  for (const index of set) bytes[index >> 3]! |= 0x80 >> (index & 7);
  return `u${gzipSync(bytes).toString('base64url')}`;
}

/** Reads one bit back out of an encodedList, as a verifier does. */
export function statusBit(encodedList: string, index: number) {
  if (!encodedList.startsWith('u')) throw new Error('The list is not multibase base64url.');
  const bytes = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  if (index < 0 || index >= bytes.length * 8) throw new Error('The index is outside the list.');
  return (bytes[index >> 3]! & (0x80 >> (index & 7))) !== 0 ? 1 : 0;
}

/**
 * The organization's revocation list as a BitstringStatusListCredential, with a Data
 * Integrity proof, and as a VC-JWT. Made on each request from the credentials' revoked marks,
 * so a revocation shows the moment it is saved.
 */
export async function getRevocationList(db: Executor, input: { slug: string; origin: string }) {
  const organization = await db
    .selectFrom('organization')
    .select(['id', 'name', 'slug'])
    .where('slug', '=', input.slug)
    .executeTakeFirst();
  if (!organization) return null;
  const revoked = await db
    .selectFrom('credential')
    .select('status_list_index as index')
    .where('organization_id', '=', organization.id)
    .where('revoked_at', 'is not', null)
    .where('status_list_index', 'is not', null)
    .execute();
  const url = statusListUrl(input.origin, organization.slug);
  const issuer = issuerProfile(input.origin, organization);
  const document = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    // the plain VC 2.0 context names no Profile type: the issuer is its address
    issuer: issuer.id,
    validFrom: dateTime(new Date()),
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      // how long (ms) a verifier may keep this copy before asking again
      ttl: 60_000,
      encodedList: encodeStatusList(revoked.map((row) => row.index!)),
    },
  };
  const [rsa, ed] = await Promise.all([
    getOrCreateSigningKey(db, organization.id, 'RS256'),
    getOrCreateSigningKey(db, organization.id, 'EdDSA'),
  ]);
  const proved = await addDataIntegrityProof(document, {
    privateJwk: ed.privateJwk,
    keyId: keyUrl(input.origin, organization.slug, ed.id),
    controller: issuer.id,
    created: new Date(document.validFrom),
  });
  const jwt = await signCredential(proved, {
    privateKey: rsa.privateKey,
    kid: keyUrl(input.origin, organization.slug, rsa.id),
  });
  return { document: proved, jwt };
}

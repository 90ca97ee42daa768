import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Storage } from '../storage/storage.server';

type Executor = Kysely<Database>;

export interface IssuerImage {
  bytes: Uint8Array;
  type: string | null;
}

/** Who stands behind a certificate or letter: the organization's name, provider number and signatory. */
export interface Issuer {
  organizationName: string;
  providerName: string | null;
  providerNumber: string | null;
  signatoryName: string | null;
  signatoryTitle: string | null;
  logo: IssuerImage | null;
  signature: IssuerImage | null;
}

/** An uploaded image is at most this large when it goes into a PDF. */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** A stored image's bytes, or null when it is missing, too large or unreadable. */
export async function readStoredImage(
  storage: Storage,
  key: string | null,
  type: string | null,
): Promise<IssuerImage | null> {
  if (!key) return null;
  try {
    const file = await storage.open(key);
    if (!file || file.size > MAX_IMAGE_BYTES) {
      await file?.stream.cancel();
      return null;
    }
    const bytes = new Uint8Array(await new Response(file.stream).arrayBuffer());
    return { bytes, type };
  } catch {
    return null;
  }
}

/** The organization's details for a certificate, images read from storage. */
export async function getIssuer(
  db: Executor,
  storage: Storage,
  organizationId: string,
): Promise<Issuer | null> {
  const row = await db
    .selectFrom('organization')
    .select([
      'name',
      'provider_name',
      'provider_number',
      'signatory_name',
      'signatory_title',
      'logo_key',
      'logo_type',
      'signature_key',
      'signature_type',
    ])
    .where('id', '=', organizationId)
    .executeTakeFirst();
  if (!row) return null;
  const [logo, signature] = await Promise.all([
    readStoredImage(storage, row.logo_key, row.logo_type),
    readStoredImage(storage, row.signature_key, row.signature_type),
  ]);
  return {
    organizationName: row.name,
    providerName: row.provider_name,
    providerNumber: row.provider_number,
    signatoryName: row.signatory_name,
    signatoryTitle: row.signatory_title,
    logo,
    signature,
  };
}

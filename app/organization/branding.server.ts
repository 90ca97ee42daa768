import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Executor = Kysely<Database>;

export interface SupportContact {
  email: string | null;
  phone: string | null;
}

/** What every page shows of the organization: its names, logo and whom to ask for help. */
export interface SiteBranding {
  name: string;
  shortName: string | null;
  /** the public address of the logo, which changes whenever the logo does */
  logoUrl: string | null;
  support: SupportContact | null;
}

export interface BrandingRow {
  id: string;
  slug: string;
  name: string;
  shortName: string | null;
  logoKey: string | null;
  supportEmail: string | null;
  supportPhone: string | null;
}

export function logoUrlOf(organization: { slug: string; logoKey: string | null }) {
  if (!organization.logoKey) return null;
  const version = organization.logoKey.split('/').pop() ?? organization.logoKey;
  return `/organizations/${encodeURIComponent(organization.slug)}/logo/${version}`;
}

function brandingOf(row: BrandingRow): SiteBranding {
  return {
    name: row.name,
    shortName: row.shortName,
    logoUrl: logoUrlOf(row),
    support:
      row.supportEmail || row.supportPhone
        ? { email: row.supportEmail, phone: row.supportPhone }
        : null,
  };
}

// the branding last read for each organization, kept so the page that says the database is
// away can still say whom to ask. bounded: an install serves one or a handful of organizations.
// NOTE: on globalThis because server.ts (the route guard) and the Remix build each load
// their own copy of this module
const remembered = globalThis as typeof globalThis & {
  __cadreBranding?: Map<string, SiteBranding>;
};
const lastKnown = (remembered.__cadreBranding ??= new Map<string, SiteBranding>());
const LAST_KNOWN_LIMIT = 100;

/** Keeps what was just read or saved, for the pages that cannot read it (a database outage). */
export function rememberBranding(row: BrandingRow) {
  lastKnown.delete(row.id);
  lastKnown.set(row.id, brandingOf(row));
  if (lastKnown.size > LAST_KNOWN_LIMIT) {
    const oldest = lastKnown.keys().next().value;
    if (oldest !== undefined) lastKnown.delete(oldest);
  }
}

/**
 * The support contact to show when the database cannot be reached: the organization's when
 * this server has seen exactly one (an install per association or district, the usual case),
 * and none when it serves several, since the visitor's organization is then unknown.
 */
export function lastKnownSupportContact(): SupportContact | null {
  if (lastKnown.size !== 1) return null;
  const [only] = lastKnown.values();
  return only?.support ?? null;
}

/**
 * The branding of the signed-in person's organization; for a visitor, the organization's
 * when the install has only one (the sign-in page of a district's own Cadre), else null.
 */
export async function getSiteBranding(
  db: Executor,
  user: { organizationId: string } | null,
): Promise<SiteBranding | null> {
  const query = brandingQuery(db);
  const rows = await (
    user ? query.where('id', '=', user.organizationId) : query.orderBy('id').limit(2)
  ).execute();
  if (rows.length !== 1) return null;
  return brandingFrom(rows[0]!);
}

/** the organization columns branding is made of, run alone or nested (`getNavigation`) */
export function brandingQuery(db: Executor) {
  return db
    .selectFrom('organization')
    .select([
      'id',
      'slug',
      'name',
      'short_name as shortName',
      'logo_key as logoKey',
      'support_email as supportEmail',
      'support_phone as supportPhone',
    ]);
}

/** the branding of a row just read, kept for the pages that cannot read it */
export function brandingFrom(row: BrandingRow): SiteBranding {
  rememberBranding(row);
  return brandingOf(row);
}

import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Storage } from '../storage/storage.server';

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml', 'image/webp'];

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A round badge with the organization's initials, for organizations without a logo. */
export function defaultBadgeSvg(name: string) {
  const initials =
    name
      .split(/\s+/)
      .filter((word) => /^\p{L}/u.test(word))
      .slice(0, 3)
      .map((word) => word[0]!.toUpperCase())
      .join('') || 'C';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img" aria-label="${escapeXml(name)} badge">
<title>${escapeXml(name)} badge</title>
<circle cx="128" cy="128" r="120" fill="#1d4ed8"/>
<circle cx="128" cy="128" r="100" fill="none" stroke="#ffffff" stroke-width="6"/>
<text x="128" y="150" text-anchor="middle" font-family="sans-serif" font-size="64" font-weight="700" fill="#ffffff">${escapeXml(initials)}</text>
</svg>
`;
}

/**
 * The image every credential's achievement and issuer name: the organization's uploaded logo
 * when it has one, else the drawn badge. Null when no organization has the slug.
 */
export async function getBadgeImage(db: Kysely<Database>, storage: Storage, slug: string) {
  const organization = await db
    .selectFrom('organization')
    .select(['name', 'logo_key as logoKey', 'logo_type as logoType'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!organization) return null;
  if (organization.logoKey && IMAGE_TYPES.includes(organization.logoType ?? '')) {
    const file = await storage.open(organization.logoKey);
    if (file) return { body: file.stream, type: organization.logoType!, size: file.size };
  }
  const svg = defaultBadgeSvg(organization.name);
  return { body: svg, type: 'image/svg+xml', size: Buffer.byteLength(svg) };
}

import { sql, type Kysely } from 'kysely';

/**
 * Images an author uploads for module bodies and micro-credential research: stored under a
 * generated key, owned by the organization, served only to its people. The id is the image's
 * address (/authoring/images/<id>), so a program export can carry it and an import keep it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table authoring_image (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete cascade,
      storage_key text not null unique,
      content_type text not null
        check (content_type in ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
      byte_size integer not null check (byte_size > 0),
      created_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index authoring_image_organization_idx on authoring_image (organization_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table authoring_image`.execute(db);
}

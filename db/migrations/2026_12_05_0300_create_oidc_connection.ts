import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // one OpenID provider an organization signs its people in with; the secret is sealed
    // (AES-256-GCM under SECRETS_KEY) and never leaves the server
    `create table oidc_connection (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete cascade,
      kind text not null check (kind in ('google', 'microsoft', 'oidc')),
      display_name text not null check (length(display_name) between 1 and 60),
      issuer text not null check (length(issuer) between 1 and 500),
      client_id text not null check (length(client_id) between 1 and 500),
      client_secret_sealed text not null,
      enabled boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create index oidc_connection_organization_idx on oidc_connection (organization_id)`,
    // the email domains a connection accepts, lower case; the sign-in page finds providers by them
    `create table oidc_connection_domain (
      connection_id uuid not null references oidc_connection (id) on delete cascade,
      domain text not null check (domain = lower(domain) and length(domain) between 1 and 253),
      primary key (connection_id, domain)
    )`,
    `create index oidc_connection_domain_domain_idx on oidc_connection_domain (domain)`,
    // a person's account at a provider, linked on the first sign-in by verified email; later
    // sign-ins match (connection, subject) and never the email again
    `create table oidc_identity (
      id uuid primary key default gen_random_uuid(),
      connection_id uuid not null references oidc_connection (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      subject text not null check (length(subject) between 1 and 255),
      email_at_link text not null,
      linked_at timestamptz not null default now(),
      last_signed_in_at timestamptz not null default now(),
      unique (connection_id, subject),
      unique (connection_id, user_id)
    )`,
    `create index oidc_identity_user_idx on oidc_identity (user_id)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table oidc_identity`.execute(db);
  await sql`drop table oidc_connection_domain`.execute(db);
  await sql`drop table oidc_connection`.execute(db);
}

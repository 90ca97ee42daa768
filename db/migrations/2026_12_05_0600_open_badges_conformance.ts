import { sql, type Kysely } from 'kysely';

/**
 * What Open Badges 3.0 verifiers need beyond the first credentials: an RS256 key beside the
 * Ed25519 one (one current key per organization and algorithm; retired keys stay published),
 * a stable subject id per earner per organization, a revocation status list per organization
 * with an index per credential, and the address each credential was issued under.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // credentialSubject.id and the JWT sub: one urn:uuid per earner per organization
    `create table credential_subject (
      organization_id uuid not null references organization (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      subject_id uuid not null unique default gen_random_uuid(),
      created_at timestamptz not null default now(),
      primary key (organization_id, user_id)
    )`,
    `insert into credential_subject (organization_id, user_id)
      select distinct organization_id, user_id from credential`,
    // the next free bit of the organization's revocation list
    `create table credential_status_list (
      organization_id uuid primary key references organization (id) on delete cascade,
      next_index integer not null default 0 check (next_index >= 0),
      created_at timestamptz not null default now()
    )`,
    `alter table signing_key drop constraint signing_key_algorithm_check`,
    `alter table signing_key add constraint signing_key_algorithm_check
      check (algorithm in ('EdDSA', 'RS256'))`,
    `drop index signing_key_current`,
    `create unique index signing_key_current on signing_key (organization_id, algorithm)
      where retired_at is null`,
    `alter table credential
      add column origin text,
      add column status_list_index integer check (status_list_index >= 0)`,
    // credentials issued before this named their address only inside the document
    `update credential set origin = substring(document->>'id' from '^(https?://[^/]+)')`,
    `update credential set origin = '' where origin is null`,
    `alter table credential alter column origin set not null`,
    `create unique index credential_status_index on credential (organization_id, status_list_index)`,
    // a participant's Comprehensive Learner Record (CLR 2.0 ClrCredential), as signed
    `create table learner_record (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      signing_key_id uuid not null references signing_key (id),
      origin text not null,
      issued_at timestamptz not null default now(),
      credential_count integer not null,
      hours numeric(8, 2) not null,
      document jsonb not null,
      jwt text not null
    )`,
    `create index learner_record_user_idx on learner_record (user_id, issued_at)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    'drop table learner_record',
    'drop index credential_status_index',
    'alter table credential drop column origin, drop column status_list_index',
    'drop table credential_status_list',
    'drop table credential_subject',
    `delete from signing_key where algorithm <> 'EdDSA'
      and not exists (select 1 from credential where credential.signing_key_id = signing_key.id)`,
    'drop index signing_key_current',
    'create unique index signing_key_current on signing_key (organization_id) where retired_at is null',
    'alter table signing_key drop constraint signing_key_algorithm_check',
    `alter table signing_key add constraint signing_key_algorithm_check check (algorithm = 'EdDSA')`,
  ])
    await sql.raw(statement).execute(db);
}

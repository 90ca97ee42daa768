import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table program (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete cascade,
      title text not null check (length(trim(title)) > 0),
      description text not null default '',
      audience text not null default '',
      hours_for_completing numeric(6, 2) not null default 0 check (hours_for_completing >= 0),
      hours_for_attaining numeric(6, 2) not null default 0 check (hours_for_attaining >= 0),
      created_at timestamptz not null default now()
    )`,
    `create index program_organization_idx on program (organization_id)`,
    `create table competency (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references program (id) on delete cascade,
      code text not null,
      title text not null,
      description text not null default '',
      position integer not null,
      unique (program_id, code)
    )`,
    `create table module (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references program (id) on delete cascade,
      title text not null check (length(trim(title)) > 0),
      body text not null default '',
      minutes integer not null check (minutes > 0),
      kind text not null check (kind in ('online', 'coaching', 'action-plan')),
      position integer not null,
      created_at timestamptz not null default now()
    )`,
    `create index module_program_idx on module (program_id, position)`,
    `create table module_competency (
      module_id uuid not null references module (id) on delete cascade,
      competency_id uuid not null references competency (id) on delete cascade,
      primary key (module_id, competency_id)
    )`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['module_competency', 'module', 'competency', 'program']) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
}

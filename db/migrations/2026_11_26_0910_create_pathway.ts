import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // one pathway per cohort; participants see it once it has been published
    `create table pathway (
      cohort_id uuid primary key references cohort (id) on delete cascade,
      published_at timestamptz,
      published_by uuid references app_user (id) on delete set null,
      updated_at timestamptz not null default now()
    )`,
    `create table pathway_unit (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references pathway (cohort_id) on delete cascade,
      position integer not null check (position > 0),
      title text not null check (length(trim(title)) > 0),
      action_plan_prompt text not null default '',
      created_at timestamptz not null default now(),
      unique (cohort_id, position) deferrable initially deferred,
      unique (cohort_id, id)
    )`,
    `create table pathway_module (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null,
      unit_id uuid not null,
      module_id uuid not null references module (id) on delete restrict,
      position integer not null check (position > 0),
      due_on date,
      rationale text not null default '' check (length(rationale) <= 2000),
      assign_to text not null default 'everyone' check (assign_to in ('everyone', 'some')),
      created_at timestamptz not null default now(),
      foreign key (cohort_id, unit_id) references pathway_unit (cohort_id, id) on delete cascade,
      -- a module appears once in a cohort's pathway, so its progress has one home
      unique (cohort_id, module_id),
      unique (unit_id, position) deferrable initially deferred
    )`,
    `create table pathway_assignment (
      pathway_module_id uuid not null references pathway_module (id) on delete cascade,
      member_id uuid not null references cohort_member (id) on delete cascade,
      primary key (pathway_module_id, member_id)
    )`,
    `create index pathway_assignment_member_idx on pathway_assignment (member_id)`,
    // keyed by member and module, not by pathway row: reordering or moving a module keeps progress
    `create table module_progress (
      id uuid primary key default gen_random_uuid(),
      member_id uuid not null references cohort_member (id) on delete cascade,
      module_id uuid not null references module (id) on delete restrict,
      status text not null default 'in-progress' check (status in ('in-progress', 'completed')),
      reflection text not null default '' check (length(reflection) <= 10000),
      started_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      completed_at timestamptz,
      check ((status = 'completed') = (completed_at is not null)),
      unique (member_id, module_id)
    )`,
    `create index module_progress_module_idx on module_progress (module_id)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'module_progress',
    'pathway_assignment',
    'pathway_module',
    'pathway_unit',
    'pathway',
  ]) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
}

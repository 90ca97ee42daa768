import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table assessment (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references program (id) on delete cascade,
      version integer not null check (version > 0),
      title text not null check (length(trim(title)) > 0),
      intro text not null default '',
      created_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      unique (program_id, version)
    )`,
    `create table assessment_item (
      id uuid primary key default gen_random_uuid(),
      assessment_id uuid not null references assessment (id) on delete cascade,
      competency_id uuid not null references competency (id) on delete restrict,
      position integer not null check (position > 0),
      kind text not null check (kind in ('self-rating', 'single-choice', 'multi-choice', 'open-text')),
      prompt text not null check (length(trim(prompt)) > 0),
      options text[] not null default '{}',
      correct smallint[] not null default '{}',
      -- the shape each kind needs for scoring: four level descriptors, or choices with answers
      check (case kind
        when 'self-rating' then cardinality(options) = 4 and cardinality(correct) = 0
        when 'open-text' then cardinality(options) = 0 and cardinality(correct) = 0
        when 'single-choice' then cardinality(options) between 2 and 8 and cardinality(correct) = 1
        else cardinality(options) between 2 and 8 and cardinality(correct) >= 1 end),
      unique (assessment_id, position) deferrable initially deferred,
      unique (assessment_id, id)
    )`,
    `create index assessment_item_competency_idx on assessment_item (competency_id)`,
    // the version a cohort takes is pinned when its first participant starts
    `create table cohort_assessment (
      cohort_id uuid primary key references cohort (id) on delete cascade,
      assessment_id uuid not null references assessment (id) on delete restrict,
      pinned_at timestamptz not null default now(),
      unique (cohort_id, assessment_id)
    )`,
    `create index cohort_assessment_assessment_idx on cohort_assessment (assessment_id)`,
    `create table assessment_response (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null,
      assessment_id uuid not null,
      member_id uuid not null references cohort_member (id) on delete cascade,
      started_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz,
      foreign key (cohort_id, assessment_id)
        references cohort_assessment (cohort_id, assessment_id) on delete cascade,
      unique (member_id),
      unique (id, assessment_id)
    )`,
    `create index assessment_response_cohort_idx on assessment_response (cohort_id)`,
    `create index assessment_response_assessment_idx on assessment_response (assessment_id)`,
    // an answer can only name an item of the assessment its response belongs to
    `create table assessment_answer (
      response_id uuid not null,
      assessment_id uuid not null,
      item_id uuid not null,
      rating smallint check (rating between 1 and 4),
      choices smallint[],
      text_answer text check (length(text_answer) <= 5000),
      updated_at timestamptz not null default now(),
      primary key (response_id, item_id),
      foreign key (response_id, assessment_id)
        references assessment_response (id, assessment_id) on delete cascade,
      foreign key (assessment_id, item_id)
        references assessment_item (assessment_id, id) on delete restrict
    )`,
    `create index assessment_answer_item_idx on assessment_answer (item_id)`,
    // once anyone has answered, what decides a score stays put: copy to a new version instead
    `create function assessment_item_guard() returns trigger language plpgsql as $$
    declare
      target uuid := coalesce(new.assessment_id, old.assessment_id);
    begin
      if exists (select 1 from assessment_response where assessment_id = target) then
        if tg_op = 'UPDATE'
          and new.kind is not distinct from old.kind
          and new.options is not distinct from old.options
          and new.correct is not distinct from old.correct
          and new.competency_id is not distinct from old.competency_id
          and new.assessment_id is not distinct from old.assessment_id then
          return new;
        end if;
        raise exception 'assessment % already has responses; copy it to a new version', target
          using errcode = 'check_violation';
      end if;
      return coalesce(new, old);
    end;
    $$`,
    `create trigger assessment_item_guard before insert or update or delete on assessment_item
      for each row execute function assessment_item_guard()`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    'drop table assessment_answer',
    'drop table assessment_response',
    'drop table cohort_assessment',
    'drop trigger assessment_item_guard on assessment_item',
    'drop table assessment_item',
    'drop function assessment_item_guard',
    'drop table assessment',
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

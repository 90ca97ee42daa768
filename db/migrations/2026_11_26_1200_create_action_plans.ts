import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // one plan per participant per pathway unit; sharing is separate from the coach's review
    `create table action_plan (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohort (id) on delete cascade,
      member_id uuid not null references cohort_member (id) on delete cascade,
      unit_id uuid not null references pathway_unit (id) on delete cascade,
      status text not null default 'draft'
        check (status in ('draft', 'submitted', 'revision-requested', 'accepted')),
      goal text not null default '' check (length(goal) <= 2000),
      measure text not null default '' check (length(measure) <= 2000),
      steps jsonb not null default '[]'::jsonb check (jsonb_typeof(steps) = 'array'),
      support text not null default '' check (length(support) <= 2000),
      context text not null default '' check (length(context) <= 2000),
      -- bumped on every save, so a save based on an older version is refused, never silently applied
      version integer not null default 1 check (version > 0),
      submitted_at timestamptz,
      decided_at timestamptz,
      shared_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (member_id, unit_id)
    )`,
    `create index action_plan_cohort_idx on action_plan (cohort_id, status)`,
    `create index action_plan_shared_idx on action_plan (cohort_id, shared_at) where shared_at is not null`,
    // every submitted state, kept whole so history can show what changed between submissions
    `create table action_plan_version (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references action_plan (id) on delete cascade,
      number integer not null check (number > 0),
      goal text not null,
      measure text not null,
      steps jsonb not null,
      support text not null,
      context text not null,
      submitted_by uuid references app_user (id) on delete set null,
      submitted_at timestamptz not null default now(),
      unique (plan_id, number)
    )`,
    // the coach's answer to one submitted version: a note per section and a decision
    `create table action_plan_review (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references action_plan (id) on delete cascade,
      version_id uuid not null unique references action_plan_version (id) on delete cascade,
      reviewer_id uuid references app_user (id) on delete set null,
      decision text not null check (decision in ('accepted', 'revision-requested')),
      goal_note text not null default '' check (length(goal_note) <= 2000),
      measure_note text not null default '' check (length(measure_note) <= 2000),
      steps_note text not null default '' check (length(steps_note) <= 2000),
      support_note text not null default '' check (length(support_note) <= 2000),
      context_note text not null default '' check (length(context_note) <= 2000),
      overall_note text not null default '' check (length(overall_note) <= 4000),
      reviewed_at timestamptz not null default now()
    )`,
    `create index action_plan_review_plan_idx on action_plan_review (plan_id, reviewed_at)`,
    // peers' "glow" (what works) and "grow" (what could be stronger) on a shared plan
    `create table action_plan_comment (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references action_plan (id) on delete cascade,
      author_id uuid not null references app_user (id) on delete cascade,
      kind text not null check (kind in ('glow', 'grow')),
      body text not null check (length(trim(body)) between 1 and 500),
      created_at timestamptz not null default now()
    )`,
    `create index action_plan_comment_plan_idx on action_plan_comment (plan_id, created_at)`,
    // the share-out of one coaching session of kind share-out
    `create table share_out (
      coaching_session_id uuid primary key references coaching_session (id) on delete cascade,
      cohort_id uuid not null references cohort (id) on delete cascade,
      spotlight_plan_id uuid references action_plan (id) on delete set null,
      spotlight_set_at timestamptz,
      queue_built_at timestamptz,
      finished_at timestamptz,
      finished_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now()
    )`,
    `create index share_out_cohort_idx on share_out (cohort_id)`,
    // a presenter's place in the queue; the timer is a start time and a length, never ticked
    `create table share_out_presenter (
      coaching_session_id uuid not null references share_out (coaching_session_id) on delete cascade,
      member_id uuid not null references cohort_member (id) on delete cascade,
      plan_id uuid not null references action_plan (id) on delete cascade,
      position integer not null check (position > 0),
      volunteered_at timestamptz,
      timer_started_at timestamptz,
      timer_seconds integer not null default 300 check (timer_seconds between 30 and 3600),
      presented_at timestamptz,
      primary key (coaching_session_id, member_id)
    )`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'share_out_presenter',
    'share_out',
    'action_plan_comment',
    'action_plan_review',
    'action_plan_version',
    'action_plan',
  ]) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
}

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table micro_credential (
      id uuid primary key default gen_random_uuid(),
      program_id uuid not null references program (id) on delete cascade,
      competency_id uuid references competency (id) on delete set null,
      code text not null check (code ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
      title text not null check (length(trim(title)) between 1 and 200),
      description text not null default '' check (length(description) <= 4000),
      evidence_requirements text not null check (length(trim(evidence_requirements)) between 1 and 4000),
      hours numeric(6, 2) not null default 5 check (hours >= 0),
      position integer not null check (position > 0),
      created_at timestamptz not null default now(),
      unique (program_id, code)
    )`,
    `create table rubric_criterion (
      id uuid primary key default gen_random_uuid(),
      micro_credential_id uuid not null references micro_credential (id) on delete cascade,
      position integer not null check (position > 0),
      title text not null check (length(trim(title)) between 1 and 200),
      meets_description text not null check (length(trim(meets_description)) between 1 and 4000),
      unique (micro_credential_id, position) deferrable initially deferred
    )`,
    // a partnership is a pair or a triad; dissolved ones stay as the history that avoids repeats
    `create table partnership (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohort (id) on delete cascade,
      formed_at timestamptz not null default now(),
      formed_by uuid references app_user (id) on delete set null,
      dissolved_at timestamptz,
      dissolved_reason text check (length(dissolved_reason) <= 500)
    )`,
    `create index partnership_cohort_idx on partnership (cohort_id) where dissolved_at is null`,
    `create table partnership_member (
      partnership_id uuid not null references partnership (id) on delete cascade,
      member_id uuid not null references cohort_member (id) on delete cascade,
      primary key (partnership_id, member_id)
    )`,
    `create index partnership_member_member_idx on partnership_member (member_id)`,
    // one row per attempt; "not yet" opens the next attempt linked to the previous one
    `create table submission (
      id uuid primary key default gen_random_uuid(),
      member_id uuid not null references cohort_member (id) on delete cascade,
      micro_credential_id uuid not null references micro_credential (id) on delete restrict,
      attempt integer not null default 1 check (attempt > 0),
      previous_submission_id uuid references submission (id) on delete set null,
      status text not null default 'draft'
        check (status in ('draft', 'in-critique', 'submitted', 'incomplete', 'not-yet', 'earned')),
      body text not null default '' check (length(body) <= 100000),
      version integer not null default 1 check (version > 0),
      critique_waived_at timestamptz,
      critique_waived_by uuid references app_user (id) on delete set null,
      critique_waived_reason text check (length(critique_waived_reason) <= 500),
      submitted_at timestamptz,
      decided_at timestamptz,
      earned_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status = 'earned') = (earned_at is not null)),
      unique (member_id, micro_credential_id, attempt)
    )`,
    `create index submission_queue_idx on submission (status, submitted_at)`,
    `create table evidence_item (
      id uuid primary key default gen_random_uuid(),
      submission_id uuid not null references submission (id) on delete cascade,
      kind text not null check (kind in ('link', 'file')),
      label text not null default '' check (length(label) <= 200),
      url text check (url ~ '^https?://' and length(url) <= 2000),
      storage_key text,
      file_name text check (length(file_name) <= 255),
      content_type text,
      byte_size integer check (byte_size >= 0),
      created_at timestamptz not null default now(),
      check ((kind = 'link') = (url is not null)),
      check ((kind = 'file') = (storage_key is not null))
    )`,
    `create index evidence_item_submission_idx on evidence_item (submission_id)`,
    // one decision per attempt: two coaches scoring at once, the second insert fails
    `create table score (
      id uuid primary key default gen_random_uuid(),
      submission_id uuid not null unique references submission (id) on delete cascade,
      scorer_id uuid references app_user (id) on delete set null,
      outcome text not null check (outcome in ('incomplete', 'not-yet', 'earned')),
      feedback text not null default '' check (length(feedback) <= 10000),
      scored_at timestamptz not null default now()
    )`,
    `create table score_criterion (
      score_id uuid not null references score (id) on delete cascade,
      criterion_id uuid not null references rubric_criterion (id) on delete restrict,
      result text not null check (result in ('meets', 'not-yet')),
      feedback text not null default '' check (length(feedback) <= 10000),
      primary key (score_id, criterion_id)
    )`,
    // in-app notices; email goes through outbound_email
    `create table notification (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id) on delete cascade,
      cohort_id uuid references cohort (id) on delete cascade,
      kind text not null,
      title text not null check (length(title) between 1 and 300),
      href text not null check (href ~ '^/'),
      created_at timestamptz not null default now(),
      read_at timestamptz
    )`,
    `create index notification_user_idx on notification (user_id, created_at desc)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'notification',
    'score_criterion',
    'score',
    'evidence_item',
    'submission',
    'partnership_member',
    'partnership',
    'rubric_criterion',
    'micro_credential',
  ]) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
}

import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // the share of a coaching session's scheduled length a person must attend to count as present
    `alter table program add column attendance_threshold_percent integer not null default 75
      check (attendance_threshold_percent between 1 and 100)`,
    `create table coaching_session (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohort (id) on delete cascade,
      kind text not null check (kind in ('kickoff', 'coaching', 'share-out')),
      title text not null check (length(trim(title)) between 1 and 200),
      starts_at timestamptz not null,
      minutes integer not null check (minutes between 15 and 480),
      host_id uuid not null references app_user (id) on delete restrict,
      module_id uuid references module (id) on delete set null,
      status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
      zoom_meeting_id text check (zoom_meeting_id ~ '^[0-9]{9,12}$'),
      zoom_passcode text check (length(zoom_passcode) <= 10),
      join_url text check (join_url ~ '^https://'),
      created_through_zoom boolean not null default false,
      zoom_meeting_uuid text,
      meeting_started_at timestamptz,
      meeting_ended_at timestamptz,
      created_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      cancelled_at timestamptz,
      check ((status = 'cancelled') = (cancelled_at is not null))
    )`,
    `create index coaching_session_cohort_idx on coaching_session (cohort_id, starts_at)`,
    // a live meeting number belongs to one coaching session, so webhooks map to exactly one
    `create unique index coaching_session_zoom_meeting_unique on coaching_session (zoom_meeting_id)
      where zoom_meeting_id is not null and status = 'scheduled'`,
    `create table coaching_session_registrant (
      coaching_session_id uuid not null references coaching_session (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      zoom_registrant_id text not null,
      join_url text not null check (join_url ~ '^https://'),
      created_at timestamptz not null default now(),
      primary key (coaching_session_id, user_id),
      unique (coaching_session_id, zoom_registrant_id)
    )`,
    `create table attendance_segment (
      id uuid primary key default gen_random_uuid(),
      coaching_session_id uuid not null references coaching_session (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      joined_at timestamptz not null,
      left_at timestamptz,
      source text not null check (source in ('zoom', 'live-room', 'manual')),
      raw_event_id text unique,
      note text,
      created_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      check (left_at is null or left_at >= joined_at)
    )`,
    `create index attendance_segment_person_idx on attendance_segment (coaching_session_id, user_id)`,
    `create table attendance (
      coaching_session_id uuid not null references coaching_session (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      minutes_credited integer not null default 0 check (minutes_credited >= 0),
      present boolean not null default false,
      override_present boolean,
      override_reason text,
      overridden_by uuid references app_user (id) on delete set null,
      overridden_at timestamptz,
      computed_at timestamptz not null default now(),
      primary key (coaching_session_id, user_id),
      check ((override_present is null) = (override_reason is null))
    )`,
    `create table zoom_unmatched_participant (
      id uuid primary key default gen_random_uuid(),
      coaching_session_id uuid not null references coaching_session (id) on delete cascade,
      zoom_participant_key text not null,
      display_name text not null default '',
      email text,
      joined_at timestamptz not null,
      left_at timestamptz,
      raw_event_id text not null unique,
      resolved_user_id uuid references app_user (id) on delete set null,
      resolved_by uuid references app_user (id) on delete set null,
      resolved_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    `create index zoom_unmatched_open_idx on zoom_unmatched_participant (coaching_session_id)
      where resolved_at is null`,
    `create table zoom_webhook_event (
      id text primary key,
      event text not null,
      received_at timestamptz not null default now()
    )`,
    // the token is kept (not hashed) so its owner can copy the address again; revoking ends it
    `create table calendar_feed_token (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id) on delete cascade,
      token text not null unique check (length(token) >= 32),
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    )`,
    `create unique index calendar_feed_token_active_unique on calendar_feed_token (user_id)
      where revoked_at is null`,
    `create table coaching_session_reminder (
      coaching_session_id uuid not null references coaching_session (id) on delete cascade,
      kind text not null check (kind in ('24h', '1h')),
      due_at timestamptz not null,
      sent_at timestamptz,
      primary key (coaching_session_id, kind)
    )`,
    `create index coaching_session_reminder_due_idx on coaching_session_reminder (due_at)
      where sent_at is null`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'coaching_session_reminder',
    'calendar_feed_token',
    'zoom_webhook_event',
    'zoom_unmatched_participant',
    'attendance',
    'attendance_segment',
    'coaching_session_registrant',
    'coaching_session',
  ]) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
  await sql`alter table program drop column attendance_threshold_percent`.execute(db);
}

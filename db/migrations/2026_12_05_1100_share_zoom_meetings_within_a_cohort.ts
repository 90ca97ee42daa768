import { sql, type Kysely } from 'kysely';

/**
 * Coaches run a cohort from one recurring meeting or their personal room, so a meeting
 * number may now serve every session of one cohort; a webhook finds its session by time.
 * Two cohorts never share a meeting (a join could not be told apart), and two sessions
 * sharing one never overlap in time. A trigger holds both rules; the advisory lock on the
 * meeting number makes two schedulers racing for the same meeting take turns.
 *
 * zoom_report_retry is the durable list of participants-report fetches still to make after
 * a meeting ends (15 minutes, 1 hour and 24 hours later); the background worker claims the
 * due ones, so a restart loses none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    'drop index coaching_session_zoom_meeting_unique',
    `create index coaching_session_zoom_meeting_idx on coaching_session (zoom_meeting_id, starts_at)
      where zoom_meeting_id is not null and status = 'scheduled'`,
    `create function coaching_session_zoom_meeting_guard() returns trigger language plpgsql as $$
      begin
        if new.zoom_meeting_id is null or new.status <> 'scheduled' then
          return new;
        end if;
        perform pg_advisory_xact_lock(hashtext('zoom-meeting:' || new.zoom_meeting_id));
        if exists (
          select 1 from coaching_session other
          where other.zoom_meeting_id = new.zoom_meeting_id
            and other.status = 'scheduled'
            and other.id <> new.id
            and other.cohort_id <> new.cohort_id
        ) then
          raise exception 'zoom meeting % already belongs to another cohort', new.zoom_meeting_id
            using errcode = 'exclusion_violation', constraint = 'coaching_session_zoom_meeting_cohort';
        end if;
        if exists (
          select 1 from coaching_session other
          where other.zoom_meeting_id = new.zoom_meeting_id
            and other.status = 'scheduled'
            and other.id <> new.id
            and other.starts_at < new.starts_at + make_interval(mins => new.minutes)
            and new.starts_at < other.starts_at + make_interval(mins => other.minutes)
        ) then
          raise exception 'zoom meeting % is already in use at that time', new.zoom_meeting_id
            using errcode = 'exclusion_violation', constraint = 'coaching_session_zoom_meeting_overlap';
        end if;
        return new;
      end;
    $$`,
    `create trigger coaching_session_zoom_meeting_guard
      before insert or update of zoom_meeting_id, status, starts_at, minutes, cohort_id
      on coaching_session for each row execute function coaching_session_zoom_meeting_guard()`,
    `create table zoom_report_retry (
      coaching_session_id uuid not null references coaching_session (id) on delete cascade,
      meeting_uuid text not null check (length(meeting_uuid) between 1 and 200),
      attempt smallint not null check (attempt between 1 and 3),
      due_at timestamptz not null,
      done_at timestamptz,
      participants integer,
      last_error text,
      created_at timestamptz not null default now(),
      primary key (coaching_session_id, meeting_uuid, attempt)
    )`,
    `create index zoom_report_retry_due_idx on zoom_report_retry (due_at) where done_at is null`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    'drop table zoom_report_retry',
    'drop trigger coaching_session_zoom_meeting_guard on coaching_session',
    'drop function coaching_session_zoom_meeting_guard',
    'drop index coaching_session_zoom_meeting_idx',
    `create unique index coaching_session_zoom_meeting_unique on coaching_session (zoom_meeting_id)
      where zoom_meeting_id is not null and status = 'scheduled'`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

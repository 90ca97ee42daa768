import { sql, type Kysely } from 'kysely';

/**
 * The live room's stored state becomes a snapshot: what a newcomer needs (hands, polls, timer,
 * breakout, spotlight) as of `snapshot_seq`, taken every few events instead of rewritten on
 * every one. Chat lives in the log alone. `last_seq` stays the room's counter, which every
 * append bumps in the same statement that inserts its events.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table live_room add column snapshot_seq integer not null default 0
      check (snapshot_seq >= 0)`,
    // the stored states were folded up to last_seq; their chat is already in the log
    `update live_room
      set snapshot_seq = last_seq, state = jsonb_set(state, '{chat}', '[]'::jsonb)`,
    `alter table live_room add constraint live_room_snapshot_behind_counter
      check (snapshot_seq <= last_seq)`,
    // a newcomer's last page of chat, and the events a snapshot is brought up to date with
    `create index live_event_chat_idx on live_event (coaching_session_id, seq)
      where type in ('chat:posted', 'chat:removed')`,
    `create index live_event_state_idx on live_event (coaching_session_id, seq)
      where type not in ('chat:posted', 'chat:removed')`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    'drop index live_event_state_idx',
    'drop index live_event_chat_idx',
    // the earlier design folds every event into the state: put the chat back from the log
    `update live_room set state = jsonb_set(state, '{chat}', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', posted.payload->>'id',
        'seq', posted.seq,
        'authorId', posted.payload->>'authorId',
        'authorName', posted.payload->>'authorName',
        'text', case when removed.seq is null then posted.payload->>'text' else '' end,
        'at', to_char(posted.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'groupId', posted.payload->'groupId',
        'removed', removed.seq is not null
      ) order by posted.seq)
      from live_event posted
      left join live_event removed
        on removed.coaching_session_id = posted.coaching_session_id
        and removed.type = 'chat:removed'
        and removed.payload->>'id' = posted.payload->>'id'
      where posted.coaching_session_id = live_room.coaching_session_id
        and posted.type = 'chat:posted'
    ), '[]'::jsonb))`,
    'alter table live_room drop constraint live_room_snapshot_behind_counter',
    'alter table live_room drop column snapshot_seq',
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './shared';

/** Coaching sessions, attendance, Zoom and calendar tables. */

export const coachingSessionKinds = ['kickoff', 'coaching', 'share-out'] as const;
export type CoachingSessionKind = (typeof coachingSessionKinds)[number];
export const coachingSessionStatuses = ['scheduled', 'cancelled'] as const;
export type CoachingSessionStatus = (typeof coachingSessionStatuses)[number];
export const attendanceSources = ['zoom', 'live-room', 'manual'] as const;
export type AttendanceSource = (typeof attendanceSources)[number];
export const reminderKinds = ['24h', '1h'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

export interface CoachingSessionTable {
  id: Generated<string>;
  cohort_id: string;
  kind: CoachingSessionKind;
  title: string;
  starts_at: Timestamp;
  minutes: number;
  host_id: string;
  module_id: string | null;
  status: ColumnType<
    CoachingSessionStatus,
    CoachingSessionStatus | undefined,
    CoachingSessionStatus
  >;
  /** the Zoom meeting number, digits only */
  zoom_meeting_id: string | null;
  zoom_passcode: string | null;
  join_url: string | null;
  /** true when Cadre created the meeting through the Zoom API (and so updates and deletes it) */
  created_through_zoom: Generated<boolean>;
  /** the instance uuid of the last meeting Zoom reported, for the participants report */
  zoom_meeting_uuid: string | null;
  meeting_started_at: Timestamp | null;
  meeting_ended_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  cancelled_at: Timestamp | null;
}

export interface CoachingSessionRegistrantTable {
  coaching_session_id: string;
  user_id: string;
  zoom_registrant_id: string;
  join_url: string;
  created_at: CreatedAt;
}

export interface AttendanceSegmentTable {
  id: Generated<string>;
  coaching_session_id: string;
  user_id: string;
  joined_at: Timestamp;
  left_at: Timestamp | null;
  source: AttendanceSource;
  /** what the segment came from (a Zoom join, a live-room presence event); unique, so replays add nothing */
  raw_event_id: string | null;
  note: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  /** the server node whose socket opened a live-room stay; its lease tells whether it still runs */
  node_id: string | null;
}

/** a running server process's lease, renewed by its heartbeat (see app/live/node-lease.server.ts) */
export interface ServerNodeTable {
  id: string;
  host: Generated<string>;
  pid: Generated<number>;
  started_at: CreatedAt;
  last_beat_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
  /** when a surviving node found the lease expired and closed the node's stays; null while alive */
  reaped_at: Timestamp | null;
  reaped_by: string | null;
}

export interface AttendanceTable {
  coaching_session_id: string;
  user_id: string;
  minutes_credited: Generated<number>;
  present: Generated<boolean>;
  override_present: boolean | null;
  override_reason: string | null;
  overridden_by: string | null;
  overridden_at: Timestamp | null;
  computed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ZoomUnmatchedParticipantTable {
  id: Generated<string>;
  coaching_session_id: string;
  zoom_participant_key: string;
  display_name: Generated<string>;
  email: string | null;
  joined_at: Timestamp;
  left_at: Timestamp | null;
  raw_event_id: string;
  resolved_user_id: string | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  created_at: CreatedAt;
}

/** a participants-report fetch still to make after a meeting ended: 15 min, 1 h, 24 h */
export interface ZoomReportRetryTable {
  coaching_session_id: string;
  meeting_uuid: string;
  /** 1, 2 or 3 */
  attempt: number;
  due_at: Timestamp;
  done_at: Timestamp | null;
  /** how many rows the report held when it was read */
  participants: number | null;
  last_error: string | null;
  created_at: CreatedAt;
}

export interface ZoomWebhookEventTable {
  id: string;
  event: string;
  received_at: CreatedAt;
}

export interface CalendarFeedTokenTable {
  id: Generated<string>;
  user_id: string;
  /** the feed address's secret, shown only to its owner; revoking it ends the address */
  token: string;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

export interface CoachingSessionReminderTable {
  coaching_session_id: string;
  kind: ReminderKind;
  due_at: Timestamp;
  sent_at: Timestamp | null;
}

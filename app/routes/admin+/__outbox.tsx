import type { OutboxEntry } from '~/mail/outbox.server';
import { dateTimeFormat } from '~/utils/dates';

type EmailStatus = OutboxEntry['status'];

const statusLabels: Record<EmailStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  stored: 'Stored, not sent',
  failed: 'Failed',
};

export function EmailStatusBadge({ status, attempts }: { status: EmailStatus; attempts: number }) {
  const label = status === 'queued' && attempts > 0 ? 'Waiting to retry' : statusLabels[status];
  return <span className={`badge badge--email-${status}`}>{label}</span>;
}

// one fixed zone on server and browser alike, so the page hydrates without a mismatch
const timestampFormat = dateTimeFormat({
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export function Timestamp({ value }: { value: Date | string }) {
  const date = new Date(value);
  return <time dateTime={date.toISOString()}>{timestampFormat.format(date)} UTC</time>;
}

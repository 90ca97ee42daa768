import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { notFound, requireCohortRole } from '~/permissions/permissions.server';
import { may } from '~/permissions/policy';
import { getAttendanceSheet } from '~/sessions/attendance.server';
import { submitAttendanceAction } from '~/sessions/session-actions.server';
import { formatSessionTime } from '~/sessions/format';
import { redirectWithToast } from '~/utils/toast.server';
import { SelectField, TextField } from '~/components/forms';
import { readFormData } from '~/http/form.server';
import { ScrollRegion } from '~/components/scroll-region';

export const meta: MetaFunction = () => [{ title: 'Attendance · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort, role } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const sheet = await getAttendanceSheet(context.db, {
    cohortId: cohort.id,
    coachingSessionId: params.sessionId,
  });
  if (!sheet) notFound('We could not find that coaching session.');
  // formatted here, once: browsers and the server disagree on Intl spacing, which breaks hydration
  const label = (iso: string | null) =>
    iso ? formatSessionTime(iso, cohort.timezone) : 'still in';
  return {
    sheet: {
      ...sheet,
      startsLabel: label(sheet.session.startsAt),
      people: sheet.people.map((person) => ({
        ...person,
        segments: person.segments.map((segment) => ({
          ...segment,
          label: `${label(segment.joinedAt)} – ${label(segment.leftAt)}`,
        })),
      })),
      unmatched: sheet.unmatched.map((entry) => ({
        ...entry,
        label: `${label(entry.joinedAt)} – ${label(entry.leftAt)}`,
      })),
    },
    canOverride: may(role, 'administer'),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cohort } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'administer',
  );
  const sheet = await getAttendanceSheet(context.db, {
    cohortId: cohort.id,
    coachingSessionId: params.sessionId,
  });
  if (!sheet) notFound('We could not find that coaching session.');
  const result = await submitAttendanceAction(context, await readFormData(request), {
    user,
    cohortId: cohort.id,
    coachingSessionId: sheet.session.id,
    startsAt: sheet.session.startsAt,
    timezone: cohort.timezone,
  });
  throw await redirectWithToast(`/cohorts/${cohort.id}/sessions/${sheet.session.id}/attendance`, {
    kind: result.ok ? 'success' : 'error',
    message: result.message,
  });
}

export default function AttendancePage() {
  const { sheet, canOverride } = useLoaderData<typeof loader>();
  const { session } = sheet;
  const presentCount = sheet.people.filter((person) => person.present).length;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="attendance-title">
        <div className="card__header">
          <h2 id="attendance-title">Attendance: {session.title}</h2>
          <Link to=".." relative="path">
            Back to the session
          </Link>
        </div>
        <p className="muted">
          {sheet.startsLabel} · {session.minutes} minutes. Present means at least{' '}
          {session.minutesRequired} minutes ({session.thresholdPercent}% of the scheduled length)
          inside the scheduled time, counting overlapping joins once.
        </p>
        <p>
          <strong>
            {presentCount} of {sheet.people.length}
          </strong>{' '}
          participants present.{' '}
          <a href="attendance.csv" download>
            Download CSV
          </a>
        </p>
        <ScrollRegion label="Attendance per participant">
          <table className="table">
            <caption className="sr-only">Minutes and presence per participant</caption>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Minutes</th>
                <th scope="col">Presence</th>
                <th scope="col">Joins</th>
                {canOverride ? <th scope="col">Override</th> : null}
              </tr>
            </thead>
            <tbody>
              {sheet.people.map((person) => (
                <tr key={person.userId}>
                  <th scope="row">
                    {person.name}
                    <span className="muted"> · {person.email}</span>
                  </th>
                  <td>
                    {person.minutes}
                    <MinutesSources sources={person.sources} />
                  </td>
                  <td>
                    <span className={`badge${person.present ? '' : ' badge--warn'}`}>
                      {person.present ? 'Present' : 'Absent'}
                    </span>
                    {person.overridden ? (
                      <span className="muted">
                        {' '}
                        set by {person.overriddenBy ?? 'a facilitator'}: {person.overrideReason}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {person.segments.length === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      <ul className="attendance-segments">
                        {person.segments.map((segment) => (
                          <li key={`${segment.joinedAt}-${segment.source}`}>
                            {segment.label} ({sourceNames[segment.source]})
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  {canOverride ? (
                    <td>
                      <Form method="post" className="attendance-override">
                        <input type="hidden" name="intent" value="override" />
                        <input type="hidden" name="userId" value={person.userId} />
                        <label htmlFor={`present-${person.userId}`} className="sr-only">
                          Presence for {person.name}
                        </label>
                        <select
                          id={`present-${person.userId}`}
                          name="present"
                          defaultValue={
                            person.overridden ? (person.present ? 'present' : 'absent') : 'computed'
                          }
                        >
                          <option value="computed">As recorded</option>
                          <option value="present">Present</option>
                          <option value="absent">Absent</option>
                        </select>
                        <label htmlFor={`reason-${person.userId}`} className="sr-only">
                          Reason for {person.name}
                        </label>
                        <input
                          id={`reason-${person.userId}`}
                          name="reason"
                          type="text"
                          maxLength={500}
                          placeholder="Reason"
                          defaultValue={person.overrideReason ?? ''}
                        />
                        <button type="submit" className="button button--quiet">
                          Save<span className="sr-only"> for {person.name}</span>
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
      {canOverride && sheet.people.length > 0 ? (
        <section className="card" aria-labelledby="add-time-title">
          <h2 id="add-time-title">Add time you saw</h2>
          <p className="muted">
            For someone who joined by phone or whose connection dropped: the time is kept beside
            what Zoom and the live room recorded, and their minutes are recounted. Clock times on
            the day of the session, in the cohort’s time zone.
          </p>
          <Form method="post" className="filters">
            <input type="hidden" name="intent" value="add-time" />
            <SelectField name="userId" label="Participant" required defaultValue="">
              <option value="" disabled>
                Choose a participant
              </option>
              {sheet.people.map((person) => (
                <option key={person.userId} value={person.userId}>
                  {person.name}
                </option>
              ))}
            </SelectField>
            <TextField name="from" label="From" type="time" required />
            <TextField name="to" label="To" type="time" required />
            <TextField
              name="note"
              label="Where it comes from"
              type="text"
              required
              maxLength={300}
            />
            <button type="submit" className="button">
              Add time
            </button>
          </Form>
        </section>
      ) : null}
      {sheet.unmatched.length > 0 ? (
        <section className="card" aria-labelledby="unmatched-title">
          <h2 id="unmatched-title">Zoom participants Cadre could not match</h2>
          <p className="muted">
            They joined without their personal link or Cadre’s page, so Zoom did not say who they
            are. Match each one to a participant to credit their time.
          </p>
          <ul className="people-list">
            {sheet.unmatched.map((entry) => (
              <li key={entry.id}>
                <span className="people-list__name">
                  {entry.displayName || 'Unnamed'}
                  {entry.email ? <span className="muted"> · {entry.email}</span> : null}
                  <span className="muted"> · {entry.label}</span>
                </span>
                {canOverride ? (
                  <Form method="post" className="actions-row">
                    <input type="hidden" name="intent" value="resolve" />
                    <input type="hidden" name="unmatchedId" value={entry.id} />
                    <label htmlFor={`match-${entry.id}`} className="sr-only">
                      Who was {entry.displayName || 'this participant'}?
                    </label>
                    <select id={`match-${entry.id}`} name="userId" defaultValue="">
                      <option value="" disabled>
                        Choose a participant
                      </option>
                      {sheet.people.map((person) => (
                        <option key={person.userId} value={person.userId}>
                          {person.name}
                        </option>
                      ))}
                    </select>
                    <button type="submit" className="button button--quiet">
                      Match
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

const sourceNames = { zoom: 'Zoom', 'live-room': 'live room', manual: 'added by hand' } as const;

/** Where the minutes came from: each room's own share, and time that counted for nothing. */
function MinutesSources({
  sources,
}: {
  sources: {
    zoom: number;
    liveRoom: number;
    manual: number;
    overlap: number;
    outsideWindow: number;
  };
}) {
  const parts = [
    sources.zoom > 0 ? `Zoom ${sources.zoom}` : null,
    sources.liveRoom > 0 ? `live room ${sources.liveRoom}` : null,
    sources.manual > 0 ? `by hand ${sources.manual}` : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0 && sources.outsideWindow === 0) return null;
  return (
    <span className="muted attendance-sources">
      {parts.length > 0
        ? ` (${parts.join(' · ')}${sources.overlap > 0 ? `; ${sources.overlap} in more than one, counted once` : ''})`
        : null}
      {sources.outsideWindow > 0
        ? ` ${sources.outsideWindow} min outside the scheduled time, not counted`
        : null}
    </span>
  );
}

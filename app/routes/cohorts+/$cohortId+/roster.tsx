import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { handleRosterAction } from '~/cohorts/roster-actions.server';
import { RosterFilterSchema, getRoster } from '~/cohorts/roster.server';
import { roleLabels, statusLabels } from '~/components/role-label';
import { newIdempotencyKey } from '~/http/idempotency.server';
import { requireCohortRole } from '~/permissions/permissions.server';
import { may } from '~/permissions/policy';
import { formatDateTime, formatDay } from '~/utils/dates';
import { FilterForm, FilterSelect, SearchField, SubmissionAlert } from '~/components/forms';
import { ScrollRegion } from '~/components/scroll-region';
import { ConfirmPanel } from '~/components/confirm-panel';

export const meta: MetaFunction = () => [{ title: 'Roster · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort, role } = await requireCohortRole(context.db, request, params.cohortId, 'manage');
  const url = new URL(request.url);
  const filter = RosterFilterSchema.parse(Object.fromEntries(url.searchParams));
  const roster = await getRoster(context.db, cohort.id, filter);
  return {
    roster,
    filter,
    timezone: cohort.timezone,
    canManage: may(role, 'administer'),
    idempotencyKey: newIdempotencyKey(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleRosterAction(context, request, params.cohortId);
}

export default function RosterPage() {
  const { roster, filter, timezone, canManage, idempotencyKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const confirm = searchParams.get('confirm');
  const confirmMember = roster.members.find(
    (member) => member.memberId === searchParams.get('member'),
  );
  const confirmInvitation = roster.invitations.find(
    (invitation) => invitation.invitationId === searchParams.get('invitation'),
  );
  const filtered = filter.q !== '' || filter.status !== 'all' || filter.role !== 'all';
  const total = roster.members.length + roster.invitations.length;

  return (
    <div className="stack">
      <SubmissionAlert result={reply?.result} />
      {canManage && confirm === 'withdraw' && confirmMember ? (
        <ConfirmPanel
          title={`Withdraw ${confirmMember.name}?`}
          fields={{ intent: 'withdraw', idempotencyKey, memberId: confirmMember.memberId }}
          confirmLabel={`Withdraw ${confirmMember.name}`}
        >
          <p>
            They leave the cohort and lose access to its pages. Everything they wrote is kept.
            {confirmMember.status === 'active' && confirmMember.role === 'participant'
              ? ' Their seat goes to the first person on the waitlist, who is told by email.'
              : ''}
          </p>
        </ConfirmPanel>
      ) : null}
      {canManage && confirm === 'revoke' && confirmInvitation ? (
        <ConfirmPanel
          title={`Revoke the invitation to ${confirmInvitation.email}?`}
          fields={{
            intent: 'revoke',
            idempotencyKey,
            invitationId: confirmInvitation.invitationId,
          }}
          confirmLabel="Revoke invitation"
        >
          <p>The link in their email stops working. You can invite them again later.</p>
        </ConfirmPanel>
      ) : null}

      <div className="card__header">
        <p className="muted" style={{ margin: 0 }}>
          {roster.counts.active} active · {roster.counts.invited} invited ·{' '}
          {roster.counts.waitlisted} waitlisted · {roster.counts.withdrawn} withdrawn
        </p>
        <div className="actions-row">
          {canManage ? (
            <Link to="../invite" relative="path" className="button">
              Invite educators
            </Link>
          ) : null}
          <a href="roster.csv" className="button button--quiet" download>
            Download CSV
          </a>
        </div>
      </div>

      <FilterForm label="Filter the roster" filtered={filtered}>
        <SearchField
          label="Search"
          defaultValue={filter.q}
          placeholder="Name, email or educator id"
        />
        <FilterSelect
          name="status"
          label="Status"
          defaultValue={filter.status}
          options={[
            ['all', 'All'],
            ['active', 'Active'],
            ['invited', 'Invited'],
            ['waitlisted', 'Waitlisted'],
            ['withdrawn', 'Withdrawn'],
            ['completed', 'Completed'],
          ]}
        />
        <FilterSelect
          name="role"
          label="Role"
          defaultValue={filter.role}
          options={[
            ['all', 'All'],
            ['participant', 'Participants'],
            ['coach', 'Coaches'],
            ['facilitator', 'Facilitators'],
          ]}
        />
      </FilterForm>

      {total === 0 ? (
        <div className="empty-state">
          <p>
            {filtered
              ? 'Nobody matches these filters.'
              : 'Nobody is on the roster yet. Invite educators to get started.'}
          </p>
        </div>
      ) : (
        <ScrollRegion label="Cohort roster" className="card">
          <table className="table">
            <caption className="sr-only">Cohort roster</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Invited</th>
                <th scope="col">Joined</th>
                <th scope="col">Last seen</th>
                {canManage ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {roster.members.map((member) => (
                <tr key={member.memberId}>
                  <th scope="row">
                    {member.name}
                    <span className="muted" style={{ display: 'block', fontWeight: 400 }}>
                      {member.email}
                    </span>
                  </th>
                  <td>{roleLabels[member.role]}</td>
                  <td>
                    <span className={`badge badge--member-${member.status}`}>
                      {statusLabels[member.status]}
                      {member.waitlistPosition ? ` #${member.waitlistPosition}` : ''}
                    </span>
                  </td>
                  <td>{formatDay(member.invitedAt, timezone)}</td>
                  <td>{formatDay(member.joinedAt, timezone)}</td>
                  <td>
                    {member.lastSeenAt ? formatDateTime(member.lastSeenAt, timezone) : 'Never'}
                  </td>
                  {canManage ? (
                    <td>
                      {member.status !== 'withdrawn' ? (
                        <div className="actions-row">
                          <Form method="post" className="actions-row">
                            <input type="hidden" name="intent" value="change-role" />
                            <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
                            <input type="hidden" name="memberId" value={member.memberId} />
                            <label htmlFor={`role-${member.memberId}`} className="sr-only">
                              Role for {member.name}
                            </label>
                            <select
                              id={`role-${member.memberId}`}
                              name="role"
                              defaultValue={member.role}
                            >
                              <option value="participant">Participant</option>
                              <option value="coach">Coach</option>
                              <option value="facilitator">Facilitator</option>
                            </select>
                            <button type="submit" className="button button--quiet">
                              Change<span className="sr-only"> role for {member.name}</span>
                            </button>
                          </Form>
                          <Link
                            to={`?confirm=withdraw&member=${member.memberId}`}
                            className="button button--quiet"
                            preventScrollReset={false}
                          >
                            Withdraw<span className="sr-only"> {member.name}</span>
                          </Link>
                        </div>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
              {roster.invitations.map((invitation) => (
                <tr key={invitation.invitationId}>
                  <th scope="row">
                    {invitation.name ?? invitation.email}
                    {invitation.name ? (
                      <span className="muted" style={{ display: 'block', fontWeight: 400 }}>
                        {invitation.email}
                      </span>
                    ) : null}
                  </th>
                  <td>{roleLabels[invitation.role]}</td>
                  <td>
                    <span className={`badge ${invitation.expired ? 'badge--warn' : ''}`}>
                      {invitation.expired ? 'Invitation expired' : 'Invited'}
                    </span>
                  </td>
                  <td>
                    {formatDay(invitation.sentAt, timezone)}
                    {invitation.sendCount > 1 ? (
                      <span className="muted"> (sent {invitation.sendCount}×)</span>
                    ) : null}
                  </td>
                  <td>—</td>
                  <td>—</td>
                  {canManage ? (
                    <td>
                      <div className="actions-row">
                        <Form method="post">
                          <input type="hidden" name="intent" value="resend" />
                          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
                          <input
                            type="hidden"
                            name="invitationId"
                            value={invitation.invitationId}
                          />
                          <button type="submit" className="button button--quiet">
                            Resend<span className="sr-only"> to {invitation.email}</span>
                          </button>
                        </Form>
                        <Link
                          to={`?confirm=revoke&invitation=${invitation.invitationId}`}
                          className="button button--quiet"
                        >
                          Revoke<span className="sr-only"> invitation to {invitation.email}</span>
                        </Link>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}

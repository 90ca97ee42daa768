import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { handlePartnersAction } from '~/critique/partners-actions.server';
import {
  getParticipantOptions,
  getPartnerGroups,
  getUnpairedParticipants,
} from '~/critique/partners.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { SelectField } from '~/components/forms';
import { requireCohortRole } from '~/permissions/permissions.server';
import { may } from '~/permissions/policy';
import { formatDateTime } from '~/utils/dates';

export const meta: MetaFunction = () => [{ title: 'Critique partners · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { cohort, role, user } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'view',
  );
  const canManage = may(role, 'administer');
  const [groups, unpaired, options] = await Promise.all([
    getPartnerGroups(context.db, cohort.id),
    canManage ? getUnpairedParticipants(context.db, cohort.id) : Promise.resolve([]),
    canManage ? getParticipantOptions(context.db, cohort.id) : Promise.resolve([]),
  ]);
  const mine = groups.find((group) => group.members.some((member) => member.userId === user.id));
  return {
    groups: groups.map((group) => ({
      id: group.id,
      formedAt: group.formedAt,
      members: group.members.map(({ memberId, name, userId }) => ({
        memberId,
        name,
        isMe: userId === user.id,
      })),
    })),
    myPartners: mine
      ? mine.members.filter((member) => member.userId !== user.id).map((member) => member.name)
      : null,
    unpaired: unpaired.map(({ memberId, name }) => ({ memberId, name })),
    options,
    canManage,
    role,
    timezone: cohort.timezone,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handlePartnersAction(context, request, params.cohortId);
}

export default function PartnersPage() {
  const { groups, myPartners, unpaired, options, canManage, role, timezone } =
    useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const confirming = searchParams.get('confirm') === 'form';
  // every answer, a refusal too, comes back as a message after a redirect
  const [moveForm, moveFields] = useForm<{
    intent: string;
    memberId: string;
    partnerMemberId: string;
  }>({ id: 'move' });

  return (
    <div className="stack">
      {role === 'participant' ? (
        <section className="card" aria-labelledby="mine-title">
          <h2 id="mine-title">Your critique partner</h2>
          {myPartners && myPartners.length > 0 ? (
            <p className="lead">
              {myPartners.length > 1 ? 'Your partners are ' : 'Your partner is '}
              <strong>{myPartners.join(' and ')}</strong>. You read each other’s micro-credential
              evidence next to the rubric before it is submitted.
            </p>
          ) : (
            <p>You have no partner yet. The facilitator forms partners for the cohort.</p>
          )}
          <p>
            <Link to="../evidence" relative="path">
              Go to evidence and critique
            </Link>
          </p>
        </section>
      ) : null}

      {canManage ? (
        <section className="card" aria-labelledby="form-title">
          <h2 id="form-title">Form partner groups</h2>
          <p>
            Pairs everyone active, with one group of three when the count is odd, avoiding people
            who were partners before. Everyone is told who their partner is.
          </p>
          {confirming && groups.length > 0 ? (
            <div className="confirm-panel" role="alert">
              <p>
                <strong>Replace the current {groups.length} groups?</strong> Critiques already asked
                for stay with the partner who was asked.
              </p>
              <div className="actions-row">
                <Form method="post">
                  <input type="hidden" name="intent" value="form" />
                  <button type="submit" className="button button--danger">
                    Form new groups
                  </button>
                </Form>
                <Link to="." className="button">
                  Cancel
                </Link>
              </div>
            </div>
          ) : groups.length > 0 ? (
            <Link to="?confirm=form" className="button">
              Form new groups…
            </Link>
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="form" />
              <button type="submit" className="button button--primary">
                Form partner groups
              </button>
            </Form>
          )}
        </section>
      ) : null}

      <section aria-labelledby="groups-title" className="stack">
        <h2 id="groups-title">Partner groups</h2>
        {groups.length === 0 ? (
          <div className="empty-state">
            <p>No partner groups yet.</p>
          </div>
        ) : (
          <ul className="partner-groups">
            {groups.map((group, index) => (
              <li key={group.id} className="card">
                <h3>
                  {group.members.length === 3 ? 'Triad' : 'Pair'} {index + 1}
                </h3>
                <ul>
                  {group.members.map((member) => (
                    <li key={member.memberId}>
                      {member.name}
                      {member.isMe ? ' (you)' : ''}
                    </li>
                  ))}
                </ul>
                <p className="muted">Since {formatDateTime(group.formedAt, timezone)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {canManage && unpaired.length > 0 ? (
        <div className="alert alert--error" role="note">
          Not in a group: {unpaired.map((person) => person.name).join(', ')}. Move them into a group
          below.
        </div>
      ) : null}

      {canManage && options.length >= 2 ? (
        <section className="card" aria-labelledby="adjust-title">
          <h2 id="adjust-title">Adjust by hand</h2>
          <p className="muted">
            Moves one participant into another’s group (a group holds at most three). Both are told.
          </p>
          <Form method="post" className="filters" {...getFormProps(moveForm)}>
            <input type="hidden" name={moveFields.intent.name} value="move" />
            <SelectField name={moveFields.memberId.name} label="Move" required defaultValue="">
              <ParticipantOptions options={options} />
            </SelectField>
            <SelectField
              name={moveFields.partnerMemberId.name}
              label="Into the group of"
              required
              defaultValue=""
            >
              <ParticipantOptions options={options} />
            </SelectField>
            <button type="submit" className="button">
              Move
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

function ParticipantOptions({ options }: { options: { memberId: string; name: string }[] }) {
  return (
    <>
      <option value="" disabled>
        Choose a participant
      </option>
      {options.map((option) => (
        <option key={option.memberId} value={option.memberId}>
          {option.name}
        </option>
      ))}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, getTextareaProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { getCatalogStack, listJoinRequests, submitJoinRequest } from '~/catalog/catalog.server';
import { canCreateCohorts } from '~/cohorts/cohort-settings.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { readFormData } from '~/http/form.server';
import { notFound } from '~/permissions/permissions.server';
import { formatDateTime } from '~/utils/dates';
import { redirectWithToast } from '~/utils/toast.server';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.stack.title ?? 'Stack'} · Catalog · Cadre` },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  const stack = await getCatalogStack(context.db, {
    organizationId: user.organizationId,
    programId: params.programId ?? '',
    userId: user.id,
  });
  if (!stack) notFound('We could not find that stack in the catalog.');
  const [mayStartCohort, requests, organization] = await Promise.all([
    canCreateCohorts(context.db, user),
    user.isOrgAdmin
      ? listJoinRequests(context.db, { organizationId: user.organizationId, programId: stack.id })
      : null,
    context.db
      .selectFrom('organization')
      .select('timezone')
      .where('id', '=', user.organizationId)
      .executeTakeFirstOrThrow(),
  ]);
  return { stack, mayStartCohort, requests, timezone: organization.timezone };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  const form = await readFormData(request);
  const outcome = await submitJoinRequest(context.db, {
    organizationId: user.organizationId,
    programId: params.programId ?? '',
    userId: user.id,
    form,
  });
  if (outcome.status === 'invalid') return data({ result: outcome.result }, { status: 400 });
  if (outcome.status === 'not-found') notFound('We could not find that stack in the catalog.');
  throw await redirectWithToast(`/catalog/stacks/${params.programId}`, {
    kind: outcome.status === 'requested' ? 'success' : 'info',
    message:
      outcome.status === 'requested'
        ? 'You asked to join the next cohort. The organization will write when one forms.'
        : 'You had already asked to join the next cohort of this stack.',
  });
}

function List({ items }: { items: string[] }) {
  return (
    <ul>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

export default function CatalogStackPage() {
  const { stack, mayStartCohort, requests, timezone } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [form, fields] = useForm<{ note: string }>({ lastResult: reply?.result });
  return (
    <div className="stack">
      <header className="page-header page-header--with-action">
        <div>
          <p className="eyebrow">
            <Link to="/catalog">Catalog</Link> · Stack
          </p>
          <h1>{stack.title}</h1>
          <p className="lead">{stack.summary || stack.description}</p>
        </div>
        {mayStartCohort ? (
          <Link to={`/cohorts/new?programId=${stack.id}`} className="button button--primary">
            Start a cohort from this stack
          </Link>
        ) : null}
      </header>

      <section className="card" aria-labelledby="glance-title">
        <h2 id="glance-title">At a glance</h2>
        <p>{stack.description}</p>
        <dl className="facts">
          <div>
            <dt>Micro-credentials</dt>
            <dd>{stack.credentials.length}</dd>
          </div>
          <div>
            <dt>Hours</dt>
            <dd>About {stack.hoursPerCredential} per micro-credential</dd>
          </div>
          <div>
            <dt>Format</dt>
            <dd>{stack.format.charAt(0).toUpperCase() + stack.format.slice(1)}</dd>
          </div>
          {stack.gradeLevels.length > 0 ? (
            <div>
              <dt>Grade levels</dt>
              <dd>{stack.gradeLevels.join(', ')}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      {stack.outcomes.length > 0 ? (
        <section className="card" aria-labelledby="outcomes-title">
          <h2 id="outcomes-title">Outcomes</h2>
          <List items={stack.outcomes} />
        </section>
      ) : null}

      {stack.topics.length > 0 ? (
        <section className="card" aria-labelledby="topics-title">
          <h2 id="topics-title">Topics</h2>
          <List items={stack.topics} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="credentials-title">
        <h2 id="credentials-title">Micro-credentials in this stack</h2>
        {stack.credentials.length === 0 ? (
          <p className="muted">This stack lists no micro-credential yet.</p>
        ) : (
          <ul className="item-list">
            {stack.credentials.map((credential) => (
              <li key={credential.id}>
                <Link to={`/catalog/micro-credentials/${credential.id}`}>{credential.title}</Link>
                <span className="muted">
                  {' '}
                  · {credential.hours} hours
                  {credential.evidenceTypes.length > 0
                    ? ` · ${credential.evidenceTypes.join(', ')}`
                    : ''}
                  {credential.needsClassroomData ? ' · needs classroom or student data' : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="apply-title">
        <h2 id="apply-title">Who should apply</h2>
        {stack.audiences.length > 0 ? (
          <List items={stack.audiences} />
        ) : (
          <p>{stack.audience || 'Any educator of the organization.'}</p>
        )}
        <p className="muted">
          Completing a micro-credential earns {stack.hoursForCompleting} professional-learning
          hours; attaining it earns {stack.hoursForAttaining} more.
        </p>
      </section>

      <section className="card" aria-labelledby="join-title">
        <h2 id="join-title">Join the next cohort</h2>
        {stack.joinRequestedAt ? (
          <p role="status">
            You asked to join the next cohort on {formatDateTime(stack.joinRequestedAt, timezone)}.
            The organization will write when one forms.
          </p>
        ) : (
          <Form method="post" className="form form--narrow" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="join" />
            <div className="field">
              <label htmlFor={fields.note.id}>
                Anything the facilitator should know (optional)
              </label>
              <textarea
                {...getTextareaProps(fields.note)}
                key={fields.note.key}
                rows={3}
                maxLength={500}
                aria-invalid={fields.note.errors ? true : undefined}
                aria-describedby={fields.note.errors ? `${fields.note.id}-error` : undefined}
              />
              {fields.note.errors ? (
                <p className="field-error" id={`${fields.note.id}-error`}>
                  {fields.note.errors[0]}
                </p>
              ) : null}
            </div>
            <button type="submit" className="button button--primary">
              Ask to join the next cohort
            </button>
          </Form>
        )}
        {requests ? (
          <div className="stack">
            <h3>Demand ({stack.demand})</h3>
            {requests.length === 0 ? (
              <p className="muted">Nobody has asked to join a cohort of this stack yet.</p>
            ) : (
              <ul>
                {requests.map((request) => (
                  <li key={request.id}>
                    {request.name} ({request.email}), {formatDateTime(request.createdAt, timezone)}
                    {request.note ? `: “${request.note}”` : ''}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : null}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

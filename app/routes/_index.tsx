import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { requireUser } from '~/auth/session.server';
import { canCreateCohorts } from '~/cohorts/cohort-settings.server';
import { listCohortsForUser, readCohortListQuery } from '~/cohorts/cohorts.server';
import { SubmissionAlert } from '~/components/forms';
import { roleLabels, statusLabels } from '~/components/role-label';
import { readFormData } from '~/http/form.server';
import { appOriginOf } from '~/http/origin.server';
import { nudgePartner } from '~/todo/nudge.server';
import { TodoList } from '~/todo/todo-list';
import { getTodoList } from '~/todo/todo.server';
import { formatDateRange, formatDateTime } from '~/utils/dates';
import { redirectWithToast } from '~/utils/toast.server';

export const meta: MetaFunction = () => [{ title: 'Your cohorts · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  const now = new Date();
  const { q, page, minePage, pageSize } = readCohortListQuery(new URL(request.url));
  const [mine, others, mayCreate, todo] = await Promise.all([
    listCohortsForUser(context.db, user, {
      scope: 'mine',
      q,
      offset: (minePage - 1) * pageSize,
      limit: pageSize,
    }),
    listCohortsForUser(context.db, user, {
      scope: 'others',
      q,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    }),
    canCreateCohorts(context.db, user),
    getTodoList(context.db, { userId: user.id, now }),
  ]);
  return {
    todo,
    now: now.toISOString(),
    firstName: user.name.split(' ')[0] ?? user.name,
    isOrgAdmin: user.isOrgAdmin,
    mayCreate,
    q,
    mine: { ...mine, page: minePage },
    others: { ...others, page },
  };
}

export const NudgeSchema = z.object({
  intent: z.literal('nudge'),
  critiqueId: z.string({ error: 'Choose whom to nudge.' }).uuid('Choose whom to nudge.'),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  const submission = parseWithZod(await readFormData(request), { schema: NudgeSchema });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const outcome = await nudgePartner(context.db, {
    critiqueId: submission.value.critiqueId,
    userId: user.id,
    appOrigin: appOriginOf(request, context.env),
  });
  if (outcome.status === 'not-found') {
    throw await redirectWithToast('/', {
      kind: 'error',
      message: 'That critique is no longer waiting: your partner may have just sent it.',
    });
  }
  if (outcome.status === 'too-soon') {
    throw await redirectWithToast('/', {
      kind: 'info',
      message: `You nudged ${outcome.partnerName} less than a day ago; you can nudge again after ${formatDateTime(outcome.nextAt, outcome.timezone)}.`,
    });
  }
  throw await redirectWithToast('/', {
    kind: 'success',
    message: `${outcome.partnerName} got a reminder by email and in Cadre.`,
  });
}

/** a link to another page of one list, keeping the search and the other list's page */
function pageHref(
  current: { q: string; page: number; minePage: number },
  change: Partial<{ page: number; minePage: number }>,
) {
  const next = { ...current, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.page > 1) params.set('page', String(next.page));
  if (next.minePage > 1) params.set('mine', String(next.minePage));
  const search = params.toString();
  return search ? `/?${search}` : '/';
}

export default function HomePage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { firstName, isOrgAdmin, mayCreate, q, todo, now } = data;
  const mine = data.mine.items;
  const others = data.others.items;
  const at = { q, page: data.others.page, minePage: data.mine.page };
  const searching = q !== '';

  return (
    <div className="stack">
      <header className="page-header page-header--with-action">
        <div>
          <h1>Welcome, {firstName}</h1>
          <p className="lead">
            {isOrgAdmin
              ? 'You can see every cohort in your organization.'
              : 'Here are the cohorts you belong to.'}
          </p>
        </div>
        {mayCreate ? (
          <Link to="/cohorts/new" className="button button--primary">
            New cohort
          </Link>
        ) : null}
      </header>

      <section aria-labelledby="todo-title">
        <h2 id="todo-title">What needs you</h2>
        <SubmissionAlert result={reply?.result} />
        <TodoList items={todo} now={now} />
      </section>

      <Form method="get" action="/" role="search" className="cohort-search">
        <label htmlFor="cohort-search">Search cohorts</label>
        <div className="cohort-search__row">
          <input
            id="cohort-search"
            type="search"
            name="q"
            defaultValue={q}
            maxLength={100}
            placeholder="Part of its name"
          />
          <button type="submit" className="button">
            Search
          </button>
          {searching ? (
            <Link to="/" className="button button--quiet">
              Clear
            </Link>
          ) : null}
        </div>
      </Form>

      {mine.length > 0 || !isOrgAdmin ? (
        <section aria-labelledby="my-cohorts">
          <h2 id="my-cohorts">Your cohorts</h2>
          {mine.length === 0 ? (
            <div className="empty-state">
              {searching ? (
                <p>None of your cohorts has a name starting with “{q}”.</p>
              ) : (
                <>
                  <p>
                    <strong>You are not in a cohort yet.</strong>
                  </p>
                  <p>
                    When a facilitator invites you, the cohort appears here with your role in it.
                  </p>
                </>
              )}
            </div>
          ) : (
            <>
              <CohortList cohorts={mine} />
              <Pager
                label="Your cohorts"
                page={data.mine.page}
                more={data.mine.more}
                href={(minePage) => pageHref(at, { minePage })}
              />
            </>
          )}
        </section>
      ) : null}

      {isOrgAdmin ? (
        <section aria-labelledby="org-cohorts">
          <h2 id="org-cohorts">
            {mine.length > 0
              ? 'Other cohorts in your organization'
              : 'Cohorts in your organization'}
          </h2>
          {others.length === 0 ? (
            <div className="empty-state">
              <p>
                {searching
                  ? `No other cohort in your organization has a name starting with “${q}”.`
                  : mine.length > 0
                    ? 'Every cohort in your organization is listed above.'
                    : 'Your organization has no cohorts yet.'}
              </p>
            </div>
          ) : (
            <>
              <CohortList cohorts={others} />
              <Pager
                label="Cohorts in your organization"
                page={data.others.page}
                more={data.others.more}
                href={(page) => pageHref(at, { page })}
              />
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}

function Pager({
  label,
  page,
  more,
  href,
}: {
  label: string;
  page: number;
  more: boolean;
  href: (page: number) => string;
}) {
  if (page === 1 && !more) return null;
  return (
    <nav className="pager" aria-label={`${label}, pages`}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          Previous page
        </Link>
      ) : null}
      <span className="muted">Page {page}</span>
      {more ? (
        <Link to={href(page + 1)} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}

function CohortList({
  cohorts,
}: {
  cohorts: ReturnType<typeof useLoaderData<typeof loader>>['mine']['items'];
}) {
  return (
    <ul className="cohort-grid">
      {cohorts.map((cohort) => (
        <li key={cohort.id} className="card cohort-card">
          <h3>
            <Link to={`/cohorts/${cohort.id}`}>{cohort.name}</Link>
          </h3>
          <p className="muted">{cohort.programTitle}</p>
          <p className="cohort-card__meta">
            <span className="badge badge--role">{roleLabels[cohort.role]}</span>
            <span className={`badge badge--status-${cohort.status}`}>
              {statusLabels[cohort.status]}
            </span>
          </p>
          <dl className="facts">
            <div>
              <dt>Dates</dt>
              <dd>{formatDateRange(cohort.startsOn, cohort.endsOn)}</dd>
            </div>
            <div>
              <dt>Participants</dt>
              <dd>
                {cohort.activeParticipants} of {cohort.capacity}
              </dd>
            </div>
          </dl>
        </li>
      ))}
    </ul>
  );
}

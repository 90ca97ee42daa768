import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData, useRevalidator } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { SubmissionAlert, TextField } from '~/components/forms';
import { CommentForm, CommentList } from '~/plans/comments';
import { PlanSections } from '~/plans/plan-view';
import { handleShareOutAction, loadShareOutPage } from '~/plans/share-out-page.server';
import { formatDateTime } from '~/utils/dates';

export const meta: MetaFunction = () => [{ title: 'Share-out · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadShareOutPage(context, request, params);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleShareOutAction(context, request, params);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type ReadyData = Extract<PageData, { serverNow: string }>;

const POLL_MS = 3000;

/**
 * Keeps the page current while the share-out runs: a fresh read every few seconds while
 * the tab is visible, and at once when it comes back into view.
 */
function usePolling(active: boolean) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const refresh = () => {
      if (document.visibilityState === 'visible' && revalidator.state === 'idle') {
        revalidator.revalidate();
      }
    };
    const interval = window.setInterval(refresh, POLL_MS);
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      window.clearInterval(interval);
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [active, revalidator]);
}

export default function ShareOutPage() {
  const page = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  // a refused timer is answered beside that presenter's minutes; the rest in one alert
  const timerResult = reply?.intent === 'start-timer' ? reply.result : undefined;
  const timerFor = timerResult?.initialValue?.memberId;
  const running = 'serverNow' in page && !page.shareOut?.finishedAt;
  usePolling(running);
  if (!('serverNow' in page) || !page.coachingSession) {
    return (
      <div className="empty-state">
        <p>
          No share-out is scheduled yet. The facilitator schedules a coaching session of the kind
          “share-out” on the{' '}
          <Link to="../sessions" relative="path">
            Sessions
          </Link>{' '}
          tab; this page then runs it.
        </p>
      </div>
    );
  }
  const timerShown =
    timerResult !== undefined &&
    page.runs &&
    !page.shareOut?.finishedAt &&
    page.presenters.some((presenter) => presenter.memberId === timerFor);
  return (
    <div className="stack share-out">
      <SubmissionAlert result={timerShown ? undefined : reply?.result} />
      <header className="card">
        <p className="eyebrow">Share-out</p>
        <h2>{page.coachingSession.title}</h2>
        <p className="muted">
          {formatDateTime(page.coachingSession.startsAt, page.cohort.timezone)}
          {page.shareOut?.finishedAt
            ? ` · finished ${formatDateTime(page.shareOut.finishedAt, page.cohort.timezone)}`
            : ''}
        </p>
        {page.shareOut?.finishedAt ? null : (
          <p>
            <Link
              className="button button--primary"
              to={`/cohorts/${page.cohort.id}/sessions/${page.coachingSession.id}/live`}
              reloadDocument
            >
              Join the live room
            </Link>{' '}
            <span className="muted">
              The spotlight appears there on every screen as it changes.
            </span>
          </p>
        )}
      </header>
      <Spotlight page={page} />
      {page.runs ? (
        <FacilitatorQueue page={page} timerResult={timerResult} timerFor={timerFor} />
      ) : (
        <QueueList page={page} />
      )}
      {page.runs ? <Finish page={page} /> : null}
    </div>
  );
}

function Spotlight({ page }: { page: ReadyData }) {
  const { spotlight } = page;
  return (
    <section className="card spotlight" aria-labelledby="spotlight-title">
      {/* a short announcement when the spotlight changes, not the whole plan */}
      <p role="status" className="sr-only">
        {spotlight ? `Now in the spotlight: ${spotlight.authorName}` : 'The spotlight is clear'}
      </p>
      <h2 id="spotlight-title">
        {spotlight ? `In the spotlight: ${spotlight.authorName}` : 'Nothing in the spotlight'}
      </h2>
      {spotlight ? (
        <>
          <p className="eyebrow">{spotlight.unitTitle}</p>
          <PlanSections content={spotlight} headingLevel={3} />
          {page.runs ? (
            <Form method="post" className="no-print">
              <input type="hidden" name="intent" value="clear-spotlight" />
              <button type="submit" className="button">
                Clear spotlight
              </button>
            </Form>
          ) : null}
          <div className="spotlight__comments">
            <h3>Glows and grows</h3>
            <CommentList
              comments={page.comments}
              timezone={page.cohort.timezone}
              action={`/cohorts/${page.cohort.id}/plans/${spotlight.planId}`}
              returnTo="share-out"
            />
            <CommentForm
              action={`/cohorts/${page.cohort.id}/plans/${spotlight.planId}`}
              returnTo="share-out"
            />
          </div>
        </>
      ) : (
        <p className="muted">
          {page.runs
            ? 'Choose “Spotlight this plan” beside a presenter to show their plan on every screen.'
            : 'When the facilitator spotlights a plan, it appears here.'}
        </p>
      )}
    </section>
  );
}

function Countdown({
  startedAt,
  seconds,
  serverNow,
}: {
  startedAt: string;
  seconds: number;
  serverNow: string;
}) {
  // the server's clock decides; the browser only counts down from it
  const [offset] = useState(() => new Date(serverNow).getTime() - Date.now());
  const endsAt = new Date(startedAt).getTime() + seconds * 1000;
  const [now, setNow] = useState(() => new Date(serverNow).getTime());
  useEffect(() => {
    setNow(Date.now() + offset);
    const tick = window.setInterval(() => setNow(Date.now() + offset), 1000);
    return () => window.clearInterval(tick);
  }, [offset]);
  const left = Math.max(0, Math.round((endsAt - now) / 1000));
  const text =
    left === 0
      ? 'Time is up'
      : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')} left`;
  return (
    <span className={`timer${left === 0 ? ' timer--done' : ''}`} role="timer" aria-live="off">
      {text}
    </span>
  );
}

function QueueList({ page }: { page: ReadyData }) {
  return (
    <section className="card" aria-labelledby="queue-title">
      <h2 id="queue-title">Presenters</h2>
      {page.presenters.length === 0 ? (
        <p className="muted">
          The order is set when the share-out starts. Volunteers go first: you can volunteer from
          your plan’s page under{' '}
          <Link to="../plans" relative="path">
            Action plans
          </Link>
          .
        </p>
      ) : (
        <ol className="queue">
          {page.presenters.map((presenter) => (
            <li key={presenter.memberId} className="queue__item">
              <span>
                {presenter.name}
                {presenter.isMe ? ' (you)' : ''}
                {presenter.volunteered ? <span className="badge">Volunteer</span> : null}
                {presenter.presented ? (
                  <span className="badge badge--plan-accepted">Presented</span>
                ) : null}
              </span>
              {presenter.timerStartedAt && !presenter.presented ? (
                <Countdown
                  startedAt={presenter.timerStartedAt}
                  seconds={presenter.timerSeconds}
                  serverNow={page.serverNow}
                />
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function FacilitatorQueue({
  page,
  timerResult,
  timerFor,
}: {
  page: ReadyData;
  timerResult: SubmissionResult<string[]> | undefined;
  /** the presenter whose timer was refused */
  timerFor: unknown;
}) {
  const finished = Boolean(page.shareOut?.finishedAt);
  const count = page.presenters.length;
  return (
    <section className="card" aria-labelledby="queue-title">
      <div className="card__header">
        <h2 id="queue-title">Presenter queue</h2>
        {!finished ? (
          <Form method="post">
            <input type="hidden" name="intent" value="build-queue" />
            <button type="submit" className="button">
              {page.shareOut?.queueBuiltAt ? 'Add newcomers to the queue' : 'Build the queue'}
            </button>
          </Form>
        ) : null}
      </div>
      <p className="muted">
        Volunteers come first, in the order they offered; everyone else with a submitted plan
        follows in a fair order nobody chose. Move people with the up and down buttons.
      </p>
      {count === 0 ? (
        <p className="muted">Nobody is in the queue yet.</p>
      ) : (
        <ol className="queue">
          {page.presenters.map((presenter, index) => (
            <li key={presenter.memberId} className="queue__item queue__item--run">
              <div>
                <strong>
                  {index + 1}. {presenter.name}
                </strong>
                {presenter.volunteered ? <span className="badge">Volunteer</span> : null}
                {presenter.presented ? (
                  <span className="badge badge--plan-accepted">Presented</span>
                ) : null}
                <p className="muted">
                  <Link to={`../plans/${presenter.planId}`} relative="path">
                    Plan: {presenter.unitTitle}
                  </Link>
                </p>
                {presenter.timerStartedAt && !presenter.presented ? (
                  <Countdown
                    startedAt={presenter.timerStartedAt}
                    seconds={presenter.timerSeconds}
                    serverNow={page.serverNow}
                  />
                ) : null}
              </div>
              {!finished ? (
                <div className="queue__controls">
                  <Form method="post">
                    <input type="hidden" name="intent" value="move" />
                    <input type="hidden" name="memberId" value={presenter.memberId} />
                    <button
                      type="submit"
                      name="direction"
                      value="up"
                      className="button button--quiet"
                      disabled={index === 0}
                    >
                      Up<span className="sr-only"> ({presenter.name})</span>
                    </button>
                    <button
                      type="submit"
                      name="direction"
                      value="down"
                      className="button button--quiet"
                      disabled={index === count - 1}
                    >
                      Down<span className="sr-only"> ({presenter.name})</span>
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="spotlight" />
                    <input type="hidden" name="planId" value={presenter.planId} />
                    <button type="submit" className="button button--primary">
                      Spotlight this plan<span className="sr-only"> ({presenter.name})</span>
                    </button>
                  </Form>
                  {/* a fresh form once the timer runs, so an earlier refusal's message goes */}
                  <TimerForm
                    key={timerFor === presenter.memberId ? 'refused' : 'ready'}
                    presenter={presenter}
                    result={timerFor === presenter.memberId ? timerResult : undefined}
                  />
                  <Form method="post">
                    <input type="hidden" name="intent" value="presented" />
                    <input type="hidden" name="memberId" value={presenter.memberId} />
                    <input
                      type="hidden"
                      name="presented"
                      value={presenter.presented ? 'no' : 'yes'}
                    />
                    <button type="submit" className="button button--quiet">
                      {presenter.presented ? 'Mark not presented' : 'Mark presented'}
                      <span className="sr-only"> ({presenter.name})</span>
                    </button>
                  </Form>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The talk length for one presenter; a refusal comes back on its minutes. */
function TimerForm({
  presenter,
  result,
}: {
  presenter: ReadyData['presenters'][number];
  result: SubmissionResult<string[]> | undefined;
}) {
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{ memberId: string; minutes: number }>({
    id: `timer-${presenter.memberId}`,
    lastResult: result,
  });
  // the presenter is a hidden field: its message has no field to stand by
  const others = [...(form.errors ?? []), ...(fields.memberId.errors ?? [])];
  return (
    <Form method="post" className="timer-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="start-timer" />
      <input type="hidden" name={fields.memberId.name} value={presenter.memberId} />
      <TextField
        key={fields.minutes.key}
        id={`minutes-${presenter.memberId}`}
        name={fields.minutes.name}
        label={<span className="sr-only">Talk length in minutes for {presenter.name}</span>}
        type="number"
        min={1}
        max={60}
        defaultValue={
          typeof fields.minutes.initialValue === 'string'
            ? fields.minutes.initialValue
            : Math.round(presenter.timerSeconds / 60)
        }
        error={fields.minutes.errors?.[0] ?? others[0]}
      />
      <button type="submit" className="button">
        Start timer<span className="sr-only"> ({presenter.name})</span>
      </button>
    </Form>
  );
}

function Finish({ page }: { page: ReadyData }) {
  if (page.shareOut?.finishedAt) {
    return (
      <section className="card" aria-labelledby="finish-title">
        <h2 id="finish-title">The share-out is finished</h2>
        <p>
          Every presented plan is in the{' '}
          <Link to="../gallery" relative="path">
            gallery
          </Link>
          .{' '}
          {page.cohort.status === 'sharing'
            ? 'The cohort can now move to Completed from its overview.'
            : ''}
        </p>
      </section>
    );
  }
  const presented = page.presenters.filter((presenter) => presenter.presented).length;
  return (
    <section className="card no-print" aria-labelledby="finish-title">
      <h2 id="finish-title">Finish the share-out</h2>
      <details>
        <summary>Finish and share the presented plans…</summary>
        <Form method="post" className="form">
          <p>
            This shares the {presented} presented {presented === 1 ? 'plan' : 'plans'} with the
            cohort’s gallery and closes the queue. It cannot be undone.
          </p>
          <input type="hidden" name="intent" value="finish" />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" className="button button--danger">
            Yes, finish the share-out
          </button>
        </Form>
      </details>
    </section>
  );
}

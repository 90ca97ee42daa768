import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { formatDateTime } from '~/utils/dates';

export interface CommentView {
  id: string;
  kind: 'glow' | 'grow';
  body: string;
  authorName: string;
  createdAt: string;
  /** the viewer wrote it, or is staff who may remove it */
  removable?: boolean;
}

export function CommentList({
  comments,
  timezone,
  action,
  returnTo,
}: {
  comments: CommentView[];
  timezone: string;
  /** where removals post (the plan's page) when the list is shown elsewhere */
  action?: string;
  returnTo?: string;
}) {
  if (comments.length === 0) {
    return (
      <p className="muted">No comments yet. Be the first to say what works and what could grow.</p>
    );
  }
  return (
    <ul className="comment-list">
      {comments.map((comment) => (
        <li key={comment.id} className={`comment comment--${comment.kind}`}>
          <span className={`badge badge--${comment.kind}`}>
            {comment.kind === 'glow' ? 'Glow' : 'Grow'}
          </span>{' '}
          <span className="plan-text">{comment.body}</span>
          <p className="muted comment__meta">
            {comment.authorName} · {formatDateTime(comment.createdAt, timezone)}
          </p>
          {comment.removable ? (
            <details className="no-print comment__remove">
              <summary>Remove…</summary>
              <Form method="post" action={action}>
                <input type="hidden" name="intent" value="remove-comment" />
                <input type="hidden" name="commentId" value={comment.id} />
                {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
                <button type="submit" className="button button--danger">
                  Yes, remove this comment
                </button>
              </Form>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A glow or grow; `action` posts it to a plan's page from elsewhere (the share-out). */
export function CommentForm({
  returnTo,
  action,
  result,
}: {
  returnTo?: string;
  action?: string;
  /** the server's answer when it refused the last comment */
  result?: SubmissionResult<string[]>;
}) {
  // validated on the server only, so the schema stays out of the browser
  const [form, fields] = useForm<{ kind: 'glow' | 'grow'; body: string }>({ lastResult: result });
  const kind = fields.kind.initialValue === 'grow' ? 'grow' : 'glow';
  const kindError = fields.kind.errors?.[0];
  const bodyError = fields.body.errors?.[0];
  return (
    <Form
      method="post"
      action={action}
      className="form comment-form no-print"
      {...getFormProps(form)}
    >
      {form.errors?.length ? (
        <div className="alert alert--error" role="alert" id={form.errorId}>
          {form.errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      ) : null}
      <input type="hidden" name="intent" value="comment" />
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <fieldset
        className="field"
        key={fields.kind.key}
        aria-describedby={kindError ? fields.kind.errorId : undefined}
      >
        <legend>Kind of comment</legend>
        <label className="choice">
          <input
            type="radio"
            name={fields.kind.name}
            value="glow"
            defaultChecked={kind === 'glow'}
          />{' '}
          Glow: what works
        </label>
        <label className="choice">
          <input
            type="radio"
            name={fields.kind.name}
            value="grow"
            defaultChecked={kind === 'grow'}
          />{' '}
          Grow: what could be stronger
        </label>
        {kindError ? (
          <p className="field-error" id={fields.kind.errorId}>
            {kindError}
          </p>
        ) : null}
      </fieldset>
      <div className="field">
        <label htmlFor="comment-body">Your comment</label>
        <textarea
          id="comment-body"
          key={fields.body.key}
          name={fields.body.name}
          rows={2}
          maxLength={500}
          required
          defaultValue={fields.body.initialValue ?? ''}
          aria-invalid={bodyError ? true : undefined}
          aria-describedby={bodyError ? fields.body.errorId : undefined}
        />
        {bodyError ? (
          <p className="field-error" id={fields.body.errorId}>
            {bodyError}
          </p>
        ) : null}
      </div>
      <div className="actions-row">
        <button type="submit" className="button">
          Post comment
        </button>
      </div>
    </Form>
  );
}

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
export function CommentForm({ returnTo, action }: { returnTo?: string; action?: string }) {
  return (
    <Form method="post" action={action} className="form comment-form no-print">
      <input type="hidden" name="intent" value="comment" />
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <fieldset className="field">
        <legend>Kind of comment</legend>
        <label className="choice">
          <input type="radio" name="kind" value="glow" defaultChecked /> Glow: what works
        </label>
        <label className="choice">
          <input type="radio" name="kind" value="grow" /> Grow: what could be stronger
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor="comment-body">Your comment</label>
        <textarea id="comment-body" name="body" rows={2} maxLength={500} required />
      </div>
      <div className="actions-row">
        <button type="submit" className="button">
          Post comment
        </button>
      </div>
    </Form>
  );
}

import { Form, Link, useNavigation } from '@remix-run/react';
import { formatDueLabel } from '~/pathway/format';
import { formatDateTime } from '~/utils/dates';
import { isModulePage } from '~/utils/module-pages';
import type { TodoItem } from './todo.server';

type Item = Omit<TodoItem, 'urgentAt'> & { urgentAt: string | null };

const roleWords = { participant: 'Participant', coach: 'Coach', facilitator: 'Facilitator' };

/** The home page's "what needs you": one line each, one click from the page that does it. */
export function TodoList({ items, now }: { items: Item[]; now: string }) {
  const navigation = useNavigation();
  if (items.length === 0) {
    return (
      <div className="empty-state">
        <p>
          <strong>Nothing needs you right now.</strong>
        </p>
        <p>New work from your cohorts (modules, critiques, sessions) shows up here.</p>
      </div>
    );
  }
  return (
    <ol className="todo-list">
      {items.map((item) => {
        const nudgedRecently =
          item.nudge?.nudgedAt &&
          Date.parse(now) - Date.parse(item.nudge.nudgedAt) < 24 * 60 * 60 * 1000;
        return (
          <li key={item.key} className="card todo-item">
            <div className="todo-item__text">
              <p className="todo-item__title">
                <Link to={item.href} reloadDocument={isModulePage(item.href)}>
                  {item.title}
                </Link>
              </p>
              <p className="muted todo-item__meta">
                {item.cohortName} · {roleWords[item.role]}
                {item.dueOn ? ` · ${formatDueLabel(item.dueOn)}` : null}
                {item.key.startsWith('session:') && item.urgentAt
                  ? ` · ${formatDateTime(item.urgentAt, item.timezone)}`
                  : null}
              </p>
              {item.detail ? <p className="todo-item__detail">{item.detail}</p> : null}
            </div>
            <div className="todo-item__actions">
              <Link
                to={item.href}
                reloadDocument={isModulePage(item.href)}
                className="button button--primary"
              >
                {item.action}
                <span className="sr-only">: {item.title}</span>
              </Link>
              {item.nudge ? (
                nudgedRecently ? (
                  <p className="muted todo-item__nudged">
                    Nudged {formatDateTime(item.nudge.nudgedAt, item.timezone)}
                  </p>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="nudge" />
                    <input type="hidden" name="critiqueId" value={item.nudge.critiqueId} />
                    <button
                      type="submit"
                      className="button"
                      disabled={navigation.state === 'submitting'}
                    >
                      {`Nudge ${item.nudge.partnerName}`}
                    </button>
                  </Form>
                )
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

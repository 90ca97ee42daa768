import { Link } from '@remix-run/react';
import { describeTimeZone } from '~/utils/dates';
import { formatDueLabel, kindLabels, progressLabels } from './format';
import type { PathwayParticipantData } from './page-data';

/** The participant's own pathway: units, their modules with due dates, and the action-plan step. */
export function ParticipantPathway({ page }: { page: PathwayParticipantData }) {
  const { pathway } = page;
  if (!pathway) {
    return (
      <div className="empty-state">
        <p>
          Your coach is choosing the modules for the group from the pre-assessment. You will get an
          email when your pathway is ready.
        </p>
      </div>
    );
  }
  return (
    <div className="stack">
      <p className="muted">
        {pathway.completed} of {pathway.total} modules completed. Due dates are the end of the day,{' '}
        {describeTimeZone(page.timezone)}.
      </p>
      {pathway.units.map((unit, unitIndex) => (
        <section key={unit.id} className="card" aria-labelledby={`unit-${unit.id}`}>
          <h2 id={`unit-${unit.id}`}>
            Unit {unitIndex + 1}: {unit.title}
          </h2>
          {unit.modules.length === 0 ? (
            <p className="muted">No modules in this unit are assigned to you.</p>
          ) : (
            <ol className="pathway-list">
              {unit.modules.map((module) => (
                <li key={module.moduleId} className="pathway-item">
                  <div>
                    <Link to={`../modules/${module.moduleId}`} relative="path" reloadDocument>
                      {module.title}
                    </Link>
                    <p className="muted pathway-item__meta">
                      {kindLabels[module.kind]} · {module.minutes} minutes ·{' '}
                      {formatDueLabel(module.dueOn)}
                    </p>
                    {module.rationale ? (
                      <p className="pathway-item__why">Why: {module.rationale}</p>
                    ) : null}
                  </div>
                  <span className={`badge badge--progress-${module.status}`}>
                    {progressLabels[module.status]}
                  </span>
                  {module.overdue ? <span className="badge badge--overdue">Overdue</span> : null}
                </li>
              ))}
            </ol>
          )}
          <p className="action-plan-step">
            <strong>Then: action plan.</strong> {unit.actionPlanPrompt}{' '}
            <Link to={`../plans#unit-${unit.id}`} relative="path">
              Write your action plan<span className="sr-only"> for {unit.title}</span>
            </Link>
          </p>
        </section>
      ))}
    </div>
  );
}

import type { SubmissionResult } from '@conform-to/react';
import { Form, Link } from '@remix-run/react';
import { SubmissionAlert } from '~/components/forms';
import { describeTimeZone, formatDateTime } from '~/utils/dates';
import { formatDueLabel, kindLabels } from './format';
import { ModuleSettings } from './module-settings';
import type { PathwayStaffData } from './page-data';
import { Catalog, Recommendations } from './pathway-catalog';

/** The coach's pathway editor: publish, units, their modules and where each comes from. */
export function PathwayEditor({
  page,
  result,
}: {
  page: PathwayStaffData;
  /** the server's answer to the last change, when it was refused */
  result: SubmissionResult<string[]> | undefined;
}) {
  const { pathway, canEdit } = page;
  const units = pathway.units;
  const inPathway = new Set(units.flatMap((unit) => unit.modules.map((module) => module.moduleId)));
  const moduleCount = inPathway.size;

  return (
    <div className="stack">
      <SubmissionAlert result={result} />
      <section className="card" aria-labelledby="publish-title">
        <div className="card__header">
          <h2 id="publish-title">{pathway.publishedAt ? 'Published pathway' : 'Draft pathway'}</h2>
          {canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="idempotencyKey" value={page.idempotencyKey} />
              <button type="submit" className="button button--primary" disabled={moduleCount === 0}>
                {pathway.publishedAt ? 'Publish changes and notify' : 'Publish the pathway'}
              </button>
            </Form>
          ) : null}
        </div>
        <p className="muted">
          {pathway.publishedAt
            ? `Published ${formatDateTime(pathway.publishedAt, page.timezone)}. Participants see changes right away and keep their progress; publish again to tell them by email.`
            : 'Participants see the pathway once it is published; publishing emails them and changes nothing else.'}{' '}
          Due dates are the end of the day, {describeTimeZone(page.timezone)}.
        </p>
      </section>

      <Recommendations page={page} inPathway={inPathway} />

      {units.map((unit, unitIndex) => (
        <section key={unit.id} className="card" aria-labelledby={`unit-${unit.id}`}>
          <div className="card__header">
            <h2 id={`unit-${unit.id}`}>
              Unit {unitIndex + 1}: {unit.title}
            </h2>
            {canEdit ? (
              <div className="actions-row">
                <MoveButtons
                  idName="unitId"
                  id={unit.id}
                  intent="move-unit"
                  label={unit.title}
                  first={unitIndex === 0}
                  last={unitIndex === units.length - 1}
                />
                <Form method="post">
                  <input type="hidden" name="intent" value="remove-unit" />
                  <input type="hidden" name="unitId" value={unit.id} />
                  <button type="submit" className="button button--quiet">
                    Remove unit<span className="sr-only"> {unit.title}</span>
                  </button>
                </Form>
              </div>
            ) : null}
          </div>
          {unit.modules.length === 0 ? (
            <p className="muted">
              No modules yet. Add them from the recommendations or the catalog.
            </p>
          ) : (
            <ol className="pathway-list">
              {unit.modules.map((module, moduleIndex) => (
                <li key={module.id} className="pathway-item pathway-item--editor">
                  <div className="pathway-item__main">
                    <h3 className="pathway-item__title">{module.title}</h3>
                    <p className="muted pathway-item__meta">
                      {kindLabels[module.kind]} · {module.minutes} minutes ·{' '}
                      {formatDueLabel(module.dueOn)} ·{' '}
                      {module.assignTo === 'everyone'
                        ? 'Everyone'
                        : `${module.memberIds.length} ${module.memberIds.length === 1 ? 'participant' : 'participants'}`}
                    </p>
                    {module.rationale ? (
                      <p className="pathway-item__why">Why: {module.rationale}</p>
                    ) : null}
                  </div>
                  {canEdit ? (
                    <>
                      <div className="actions-row">
                        <MoveButtons
                          idName="pathwayModuleId"
                          id={module.id}
                          intent="move-module"
                          label={module.title}
                          first={moduleIndex === 0}
                          last={moduleIndex === unit.modules.length - 1}
                        />
                        {units.length > 1 ? (
                          <Form method="post" className="actions-row">
                            <input type="hidden" name="intent" value="move-module-to" />
                            <input type="hidden" name="pathwayModuleId" value={module.id} />
                            <label htmlFor={`to-${module.id}`} className="sr-only">
                              Move {module.title} to unit
                            </label>
                            <select id={`to-${module.id}`} name="toUnitId" defaultValue={unit.id}>
                              {units.map((target, targetIndex) => (
                                <option key={target.id} value={target.id}>
                                  Unit {targetIndex + 1}: {target.title}
                                </option>
                              ))}
                            </select>
                            <button type="submit" className="button button--quiet">
                              Move<span className="sr-only"> {module.title} to that unit</span>
                            </button>
                          </Form>
                        ) : null}
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove-module" />
                          <input type="hidden" name="pathwayModuleId" value={module.id} />
                          <button type="submit" className="button button--quiet">
                            Remove<span className="sr-only"> {module.title}</span>
                          </button>
                        </Form>
                      </div>
                      <ModuleSettings page={page} module={module} />
                    </>
                  ) : null}
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
          {canEdit ? (
            <details className="disclosure">
              <summary>
                Edit unit<span className="sr-only"> {unit.title}</span>
              </summary>
              <Form method="post" className="form form--narrow">
                <input type="hidden" name="intent" value="update-unit" />
                <input type="hidden" name="unitId" value={unit.id} />
                <div className="field">
                  <label htmlFor={`title-${unit.id}`}>Unit title</label>
                  <input
                    id={`title-${unit.id}`}
                    name="title"
                    type="text"
                    required
                    maxLength={120}
                    defaultValue={unit.title}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`prompt-${unit.id}`}>Action-plan step at the end</label>
                  <textarea
                    id={`prompt-${unit.id}`}
                    name="actionPlanPrompt"
                    rows={3}
                    maxLength={1000}
                    defaultValue={unit.actionPlanPrompt}
                  />
                </div>
                <button type="submit" className="button">
                  Save unit
                </button>
              </Form>
            </details>
          ) : null}
        </section>
      ))}

      {canEdit ? (
        <section className="card" aria-labelledby="add-unit-title">
          <h2 id="add-unit-title">Add a unit</h2>
          <Form method="post" className="form form--narrow">
            <input type="hidden" name="intent" value="add-unit" />
            <div className="field">
              <label htmlFor="new-unit-title">Unit title</label>
              <input
                id="new-unit-title"
                name="title"
                type="text"
                required
                maxLength={120}
                placeholder="Routines and relationships"
              />
            </div>
            <div className="field">
              <label htmlFor="new-unit-prompt">Action-plan step at the end (optional)</label>
              <textarea id="new-unit-prompt" name="actionPlanPrompt" rows={2} maxLength={1000} />
            </div>
            <button type="submit" className="button">
              Add unit
            </button>
          </Form>
        </section>
      ) : null}

      <Catalog page={page} inPathway={inPathway} />
    </div>
  );
}

export function MoveButtons({
  intent,
  idName,
  id,
  label,
  first,
  last,
}: {
  intent: string;
  idName: string;
  id: string;
  label: string;
  first: boolean;
  last: boolean;
}) {
  return (
    <>
      <Form method="post">
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name={idName} value={id} />
        <input type="hidden" name="direction" value="up" />
        <button type="submit" className="button button--quiet" disabled={first}>
          Move up<span className="sr-only"> {label}</span>
        </button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name={idName} value={id} />
        <input type="hidden" name="direction" value="down" />
        <button type="submit" className="button button--quiet" disabled={last}>
          Move down<span className="sr-only"> {label}</span>
        </button>
      </Form>
    </>
  );
}

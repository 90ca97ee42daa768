import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { handlePathwayAction } from '~/pathway/actions.server';
import { formatDueLabel, kindLabels, progressLabels } from '~/pathway/format';
import { loadPathwayPage } from '~/pathway/pages.server';
import { describeTimeZone, formatDateTime } from '~/utils/dates';
import { ScrollRegion } from '~/components/scroll-region';

export const meta: MetaFunction = () => [{ title: 'Pathway · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadPathwayPage(context, request, params.cohortId);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handlePathwayAction(context, request, params.cohortId);
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type StaffData = Extract<PageData, { view: 'staff' }>;

export default function PathwayPage() {
  const page = useLoaderData<typeof loader>();
  return page.view === 'participant' ? (
    <ParticipantPathway page={page} />
  ) : (
    <PathwayEditor page={page} />
  );
}

function ParticipantPathway({ page }: { page: Extract<PageData, { view: 'participant' }> }) {
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

function PathwayEditor({ page }: { page: StaffData }) {
  const reply = useActionData<typeof action>();
  const { pathway, canEdit } = page;
  const units = pathway.units;
  const inPathway = new Set(units.flatMap((unit) => unit.modules.map((module) => module.moduleId)));
  const moduleCount = inPathway.size;

  return (
    <div className="stack">
      {reply && 'error' in reply ? (
        <div className="alert alert--error" role="alert">
          {reply.error}
        </div>
      ) : null}
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

function MoveButtons({
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

function AddToUnit({
  page,
  moduleId,
  title,
  rationale,
}: {
  page: StaffData;
  moduleId: string;
  title: string;
  rationale: string;
}) {
  const units = page.pathway.units;
  const lastUnit = units.at(-1);
  if (!lastUnit) return <span className="muted">Add a unit first</span>;
  return (
    <Form method="post" className="actions-row">
      <input type="hidden" name="intent" value="add-module" />
      <input type="hidden" name="moduleId" value={moduleId} />
      <input type="hidden" name="rationale" value={rationale} />
      <label htmlFor={`add-${moduleId}`} className="sr-only">
        Unit for {title}
      </label>
      <select id={`add-${moduleId}`} name="unitId" defaultValue={lastUnit.id}>
        {units.map((unit, index) => (
          <option key={unit.id} value={unit.id}>
            Unit {index + 1}: {unit.title}
          </option>
        ))}
      </select>
      <button type="submit" className="button">
        Add<span className="sr-only"> {title}</span>
      </button>
    </Form>
  );
}

function Recommendations({ page, inPathway }: { page: StaffData; inPathway: Set<string> }) {
  return (
    <section className="card" aria-labelledby="recommend-title">
      <h2 id="recommend-title">Recommended from the pre-assessment</h2>
      <p className="muted">
        The rule: take the (at most three) competencies where the cohort mean is under 75, weakest
        first; suggest the online modules that build them, ranked by how far below 100 those means
        are, then by how many people are below 50.
      </p>
      {page.submittedCount === 0 ? (
        <p>Recommendations appear once participants submit the pre-assessment.</p>
      ) : page.weakest.length === 0 ? (
        <p>The cohort scores 75 or more on every competency; pick from the catalog below.</p>
      ) : (
        <>
          <ul className="checklist">
            {page.weakest.map((competency) => (
              <li key={competency.id}>
                <strong>
                  {competency.code} {competency.title}
                </strong>
                : cohort mean {competency.mean}; {competency.below50} of {competency.scored} below
                50
              </li>
            ))}
          </ul>
          <ol className="recommendations">
            {page.recommendations.map((recommendation) => (
              <li key={recommendation.moduleId} className="pathway-item">
                <div className="pathway-item__main">
                  <h3 className="pathway-item__title">{recommendation.title}</h3>
                  <p className="muted pathway-item__meta">{recommendation.reasons.join(' · ')}</p>
                </div>
                {inPathway.has(recommendation.moduleId) ? (
                  <span className="badge">In the pathway</span>
                ) : page.canEdit ? (
                  <AddToUnit
                    page={page}
                    moduleId={recommendation.moduleId}
                    title={recommendation.title}
                    rationale={`Recommended: ${recommendation.reasons.join('; ')}.`}
                  />
                ) : null}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function Catalog({ page, inPathway }: { page: StaffData; inPathway: Set<string> }) {
  return (
    <section className="card" aria-labelledby="catalog-title">
      <h2 id="catalog-title">Module catalog</h2>
      <ScrollRegion label="Every module of the program">
        <table className="table">
          <caption className="sr-only">Every module of the program</caption>
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Kind</th>
              <th scope="col">Builds</th>
              <th scope="col">In the pathway</th>
            </tr>
          </thead>
          <tbody>
            {page.catalog.map((module) => (
              <tr key={module.id}>
                <th scope="row">
                  <Link to={`../modules/${module.id}`} relative="path" reloadDocument>
                    {module.title}
                  </Link>
                </th>
                <td>
                  {kindLabels[module.kind]}, {module.minutes} min
                </td>
                <td>{module.competencyCodes.join(', ')}</td>
                <td>
                  {inPathway.has(module.id) ? (
                    'Yes'
                  ) : page.canEdit ? (
                    <AddToUnit page={page} moduleId={module.id} title={module.title} rationale="" />
                  ) : (
                    'No'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

type EditorModule = StaffData['pathway']['units'][number]['modules'][number];

function ModuleSettings({ page, module }: { page: StaffData; module: EditorModule }) {
  const prefix = `m-${module.id}`;
  return (
    <details className="disclosure">
      <summary>
        Due date, rationale and who it is for<span className="sr-only"> ({module.title})</span>
      </summary>
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="update-module" />
        <input type="hidden" name="pathwayModuleId" value={module.id} />
        <div className="field">
          <label htmlFor={`${prefix}-due`}>Due date (end of day, {page.timezone})</label>
          <input id={`${prefix}-due`} name="dueOn" type="date" defaultValue={module.dueOn ?? ''} />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-why`}>Why this module (participants see it)</label>
          <textarea
            id={`${prefix}-why`}
            name="rationale"
            rows={2}
            maxLength={2000}
            defaultValue={module.rationale}
          />
        </div>
        <fieldset className="choices">
          <legend>Who it is for</legend>
          <div className="choice">
            <input
              type="radio"
              id={`${prefix}-everyone`}
              name="assignTo"
              value="everyone"
              defaultChecked={module.assignTo === 'everyone'}
            />
            <label htmlFor={`${prefix}-everyone`}>Everyone</label>
          </div>
          <div className="choice">
            <input
              type="radio"
              id={`${prefix}-some`}
              name="assignTo"
              value="some"
              defaultChecked={module.assignTo === 'some'}
            />
            <label htmlFor={`${prefix}-some`}>Only the participants ticked below</label>
          </div>
          <div className="member-picks">
            {page.participants.map((participant) => (
              <div className="choice" key={participant.memberId}>
                <input
                  type="checkbox"
                  id={`${prefix}-${participant.memberId}`}
                  name="memberId"
                  value={participant.memberId}
                  defaultChecked={module.memberIds.includes(participant.memberId)}
                />
                <label htmlFor={`${prefix}-${participant.memberId}`}>{participant.name}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <button type="submit" className="button">
          Save<span className="sr-only"> {module.title}</span>
        </button>
      </Form>
      {page.competencies.length > 0 ? (
        <Form method="post" className="actions-row assign-below">
          <input type="hidden" name="intent" value="assign-below" />
          <input type="hidden" name="pathwayModuleId" value={module.id} />
          <span>Only for everyone below</span>
          <label htmlFor={`${prefix}-threshold`} className="sr-only">
            Score threshold
          </label>
          <input
            id={`${prefix}-threshold`}
            name="threshold"
            type="number"
            min={1}
            max={100}
            defaultValue={50}
            className="input--short"
          />
          <label htmlFor={`${prefix}-competency`}>on</label>
          <select id={`${prefix}-competency`} name="competencyId">
            {page.competencies.map((competency) => (
              <option key={competency.id} value={competency.id}>
                {competency.code} {competency.title}
              </option>
            ))}
          </select>
          <button type="submit" className="button button--quiet">
            Assign<span className="sr-only"> {module.title} by score</span>
          </button>
        </Form>
      ) : null}
    </details>
  );
}

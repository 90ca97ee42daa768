import { Form } from '@remix-run/react';
import type { EditorModule, PathwayStaffData } from './page-data';

/** One module's due date, rationale and who it is assigned to, in the editor. */
export function ModuleSettings({ page, module }: { page: PathwayStaffData; module: EditorModule }) {
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

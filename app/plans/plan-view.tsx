import {
  formatStepDue,
  isStepEmpty,
  sectionLabels,
  type PlanContent,
  type PlanSection,
} from './content';
import { ScrollRegion } from '../components/scroll-region';

type Heading = 2 | 3 | 4;

function H({ level, children, id }: { level: Heading; children: string; id?: string }) {
  if (level === 2) return <h2 id={id}>{children}</h2>;
  if (level === 3) return <h3 id={id}>{children}</h3>;
  return <h4 id={id}>{children}</h4>;
}

/**
 * A plan's sections as text (React escapes everything, so markup typed into a plan is shown
 * as typed). `notes` puts the coach's note under its section.
 */
export function PlanSections({
  content,
  headingLevel = 2,
  notes = {},
}: {
  content: PlanContent;
  headingLevel?: Heading;
  notes?: Partial<Record<PlanSection, string>>;
}) {
  const steps = content.steps.filter((step) => !isStepEmpty(step));
  const text = (section: Exclude<PlanSection, 'steps'>) => (
    <div className="plan-section" key={section}>
      <H level={headingLevel}>{sectionLabels[section]}</H>
      {content[section].trim() ? (
        <p className="plan-text">{content[section]}</p>
      ) : (
        <p className="muted">Not written yet.</p>
      )}
      {notes[section] ? <CoachNote note={notes[section]} /> : null}
    </div>
  );
  return (
    <div className="plan-sections">
      {text('goal')}
      {text('measure')}
      <div className="plan-section">
        <H level={headingLevel}>{sectionLabels.steps}</H>
        {steps.length === 0 ? (
          <p className="muted">No steps yet.</p>
        ) : (
          <ScrollRegion label="Steps of the plan">
            <table className="table plan-steps">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Action</th>
                  <th scope="col">Who</th>
                  <th scope="col">By when</th>
                  <th scope="col">Resources needed</th>
                </tr>
              </thead>
              <tbody>
                {steps.map((step, index) => (
                  <tr key={index}>
                    <td>{index + 1}</td>
                    <td className="plan-text">{step.action}</td>
                    <td>{step.owner || '—'}</td>
                    <td>{formatStepDue(step.due)}</td>
                    <td className="plan-text">{step.resources || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
        {notes.steps ? <CoachNote note={notes.steps} /> : null}
      </div>
      {text('support')}
      {text('context')}
    </div>
  );
}

export function CoachNote({ note }: { note: string }) {
  return (
    <p className="coach-note">
      <strong>Coach’s note:</strong> <span className="plan-text">{note}</span>
    </p>
  );
}

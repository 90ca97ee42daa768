import { Form, Link } from '@remix-run/react';
import { ScrollRegion } from '~/components/scroll-region';
import { kindLabels } from './format';
import type { PathwayStaffData } from './page-data';

function AddToUnit({
  page,
  moduleId,
  title,
  rationale,
}: {
  page: PathwayStaffData;
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

export function Recommendations({
  page,
  inPathway,
}: {
  page: PathwayStaffData;
  inPathway: Set<string>;
}) {
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

export function Catalog({ page, inPathway }: { page: PathwayStaffData; inPathway: Set<string> }) {
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

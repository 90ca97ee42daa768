import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { loadGallery } from '~/plans/pages.server';

export const meta: MetaFunction = () => [{ title: 'Plan gallery · Cadre' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadGallery(context, request, params);
}

export default function Gallery() {
  const { plans, cohortId } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <section className="card" aria-labelledby="gallery-title">
        <div className="card__header">
          <h2 id="gallery-title">Action plan gallery</h2>
          {plans.length > 0 ? (
            <a href={`/cohorts/${cohortId}/gallery/booklet.pdf`} className="button" download>
              Download the booklet (PDF)
            </a>
          ) : null}
        </div>
        <p className="muted">
          Plans their authors have shared with the cohort. Leave a “glow” (what works) and a “grow”
          (what could be stronger) on any of them.
        </p>
      </section>
      {plans.length === 0 ? (
        <div className="empty-state">
          <p>No plan is shared yet. Plans appear here when their authors share them.</p>
        </div>
      ) : (
        <ul className="gallery">
          {plans.map((plan) => (
            <li key={plan.id} className="card gallery__item">
              <p className="eyebrow">{plan.unitTitle}</p>
              <h3>
                <Link to={`../plans/${plan.id}`} relative="path">
                  {plan.authorName}
                  {plan.isMine ? ' (you)' : ''}
                </Link>
              </h3>
              <p className="plan-text gallery__goal">{plan.goal}</p>
              <p className="muted">
                {plan.stepCount} {plan.stepCount === 1 ? 'step' : 'steps'} · {plan.glows}{' '}
                {plan.glows === 1 ? 'glow' : 'glows'} · {plan.grows}{' '}
                {plan.grows === 1 ? 'grow' : 'grows'}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

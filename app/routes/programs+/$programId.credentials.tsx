import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import {
  MAX_CRITERIA,
  getCredentialsAdminView,
  handleCredentialSave,
  requireProgramAdmin,
  type CredentialFormReply,
} from '~/micro-credentials/credentials-admin.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { SelectField, TextField } from '~/components/forms';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `Micro-credentials: ${data.program.title} · Cadre` : 'Micro-credentials · Cadre',
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { program } = await requireProgramAdmin(context.db, request, params.programId);
  const view = await getCredentialsAdminView(context.db, program.id);
  return { program: { id: program.id, title: program.title }, ...view, maxCriteria: MAX_CRITERIA };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleCredentialSave(context, request, params.programId);
}

type Credential = ReturnType<typeof useLoaderData<typeof loader>>['credentials'][number];

export default function CredentialsAdminPage() {
  const { program, credentials, competencies, maxCriteria } = useLoaderData<typeof loader>();
  const reply = useActionData<CredentialFormReply>();
  const [searchParams] = useSearchParams();
  const editingId = reply?.values.credentialId ?? searchParams.get('edit') ?? '';
  const editing = credentials.find((credential) => credential.id === editingId);
  const creating = searchParams.get('new') === '1' || (reply && !reply.values.credentialId);

  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">{program.title}</p>
        <h1>Micro-credentials</h1>
        <p className="lead">
          What each credential certifies, the evidence it needs and the rubric coaches score
          against. Participants and their partners see the same rubric.
        </p>
      </header>

      {editing || creating ? (
        <CredentialForm
          key={editing?.id ?? 'new'}
          credential={editing}
          competencies={competencies}
          reply={reply}
          maxCriteria={maxCriteria}
        />
      ) : (
        <p>
          <Link to="?new=1" className="button button--primary">
            Add a micro-credential
          </Link>
        </p>
      )}

      {credentials.length === 0 ? (
        <div className="empty-state">
          <p>This program has no micro-credentials yet.</p>
        </div>
      ) : (
        credentials.map((credential) => (
          <article key={credential.id} className="card" aria-labelledby={`mc-${credential.id}`}>
            <div className="card__header">
              <h2 id={`mc-${credential.id}`}>
                <span className="muted">{credential.code}</span> {credential.title}
              </h2>
              <Link to={`?edit=${credential.id}`} className="button">
                Edit<span className="sr-only"> {credential.title}</span>
              </Link>
            </div>
            {credential.description ? <p>{credential.description}</p> : null}
            <p>
              <strong>Evidence required: </strong>
              {credential.evidenceRequirements}
            </p>
            <p className="muted">
              {credential.hours} hours · {credential.submissions} submission
              {credential.submissions === 1 ? '' : 's'}
            </p>
            <ol className="rubric">
              {credential.criteria.map((criterion) => (
                <li key={criterion.id}>
                  <strong>{criterion.title}</strong>
                  <p className="muted">Meets: {criterion.meetsDescription}</p>
                </li>
              ))}
            </ol>
          </article>
        ))
      )}
    </div>
  );
}

function CredentialForm(props: {
  credential?: Credential;
  competencies: { id: string; code: string; title: string }[];
  reply?: CredentialFormReply;
  maxCriteria: number;
}) {
  const { credential, reply } = props;
  const errors = reply?.errors ?? {};
  const value = (name: string, fallback: string) => reply?.values[name] ?? fallback;
  return (
    <section className="card" aria-labelledby="credential-form-title">
      <h2 id="credential-form-title">
        {credential ? `Edit ${credential.title}` : 'Add a micro-credential'}
      </h2>
      {errors.criteria ? (
        <div className="alert alert--error" role="alert">
          {errors.criteria}
        </div>
      ) : null}
      <Form method="post" className="form">
        <input type="hidden" name="credentialId" value={credential?.id ?? ''} />
        <TextField
          type="text"
          name="code"
          label="Code"
          required
          maxLength={20}
          className="input--short"
          hint="Short and unique in the program, e.g. CM-ROUTINES."
          defaultValue={value('code', credential?.code ?? '')}
          error={errors.code}
        />
        <TextField
          type="text"
          name="title"
          label="Title"
          required
          maxLength={200}
          defaultValue={value('title', credential?.title ?? '')}
          error={errors.title}
        />
        <SelectField
          name="competencyId"
          label="Competency it certifies"
          defaultValue={value('competencyId', credential?.competencyId ?? '')}
          error={errors.competencyId}
        >
          <option value="">None of the program’s competencies</option>
          {props.competencies.map((competency) => (
            <option key={competency.id} value={competency.id}>
              {competency.code} {competency.title}
            </option>
          ))}
        </SelectField>
        <div className="field">
          <label htmlFor="description">The competency, in a sentence or two</label>
          <textarea
            id="description"
            name="description"
            rows={3}
            maxLength={4000}
            defaultValue={value('description', credential?.description ?? '')}
          />
        </div>
        <div className="field">
          <label htmlFor="evidenceRequirements">Evidence required</label>
          <textarea
            id="evidenceRequirements"
            name="evidenceRequirements"
            rows={3}
            maxLength={4000}
            required
            aria-invalid={errors.evidenceRequirements ? true : undefined}
            aria-describedby="evidenceRequirements-hint"
            defaultValue={value('evidenceRequirements', credential?.evidenceRequirements ?? '')}
          />
          <p id="evidenceRequirements-hint" className="muted">
            For example: a written artifact of 500–800 words and a presentation or a 2–3 minute
            video.
          </p>
          {errors.evidenceRequirements ? (
            <p className="field-error">{errors.evidenceRequirements}</p>
          ) : null}
        </div>
        <TextField
          name="hours"
          label="Professional-learning hours"
          type="number"
          min={0}
          max={1000}
          step="0.25"
          className="input--short"
          required
          defaultValue={value('hours', String(credential?.hours ?? 10))}
          error={errors.hours}
        />
        <fieldset className="criterion-fieldset">
          <legend>Rubric criteria</legend>
          <p className="muted">
            Up to {props.maxCriteria}. Leave a row empty to skip it; clearing a row removes that
            criterion (unless it has been scored).
          </p>
          {Array.from({ length: props.maxCriteria }, (_, index) => {
            const criterion = credential?.criteria[index];
            return (
              <div key={index} className="stack">
                <input
                  type="hidden"
                  name={`criterion-${index}-id`}
                  value={value(`criterion-${index}-id`, criterion?.id ?? '')}
                />
                <TextField
                  type="text"
                  name={`criterion-${index}-title`}
                  label={`Criterion ${index + 1}`}
                  maxLength={200}
                  defaultValue={value(`criterion-${index}-title`, criterion?.title ?? '')}
                  error={errors[`criterion-${index}`]}
                />
                <div className="field">
                  <label htmlFor={`criterion-${index}-meets`}>
                    What “meets” looks like for criterion {index + 1}
                  </label>
                  <textarea
                    id={`criterion-${index}-meets`}
                    name={`criterion-${index}-meets`}
                    rows={2}
                    maxLength={4000}
                    defaultValue={value(
                      `criterion-${index}-meets`,
                      criterion?.meetsDescription ?? '',
                    )}
                  />
                </div>
              </div>
            );
          })}
        </fieldset>
        <div className="actions-row">
          <button type="submit" className="button button--primary">
            Save the micro-credential
          </button>
          <Link to="." className="button">
            Cancel
          </Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

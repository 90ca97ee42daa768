import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { deleteModule, moveModule } from '~/authoring/modules.server';
import {
  getProgramForEditing,
  programFormValues,
  requireAuthoredProgram,
  saveCompetencies,
  updateProgram,
} from '~/authoring/programs.server';
import {
  deleteDraft,
  publishProblems,
  publishProgram,
  retireProgram,
  startNewVersion,
} from '~/authoring/versions.server';
import { MODULE_KINDS } from '~/authoring/vocabulary';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { SubmissionAlert, TextField } from '~/components/forms';
import { readFormData } from '~/http/form.server';
import { notFound } from '~/permissions/permissions.server';
import { redirectWithToast } from '~/utils/toast.server';
import { asText, FormErrors, getIn, StatusBadge, TextAreaField } from './__fields';
import { ProgramForm } from './__program-form';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.program.title} · Authoring · Cadre` : 'Program · Authoring · Cadre' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { program: found } = await requireAuthoredProgram(context.db, request, params.programId);
  const program = await getProgramForEditing(context.db, found.id);
  if (!program) notFound('We could not find that program.');
  const problems = program.status === 'draft' ? await publishProblems(context.db, program.id) : [];
  return data(
    { program, values: programFormValues(program), problems },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

type Reply =
  | { form: 'details' | 'competencies' | 'intent'; result: SubmissionResult<string[]> }
  | { form: 'publish'; problems: string[] };

const moduleId = z.uuid({ error: 'We could not find that module.' });

/** which of the page's forms was sent; the details and the competencies have their own schemas */
const ProgramEditorSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('save') }),
    z.object({ intent: z.literal('competencies') }),
    z.object({ intent: z.literal('publish') }),
    z.object({ intent: z.literal('retire') }),
    z.object({ intent: z.literal('new-version') }),
    z.object({ intent: z.literal('move-up'), moduleId }),
    z.object({ intent: z.literal('move-down'), moduleId }),
    z.object({ intent: z.literal('delete-module'), moduleId }),
    z.object({ intent: z.literal('delete-draft') }),
  ],
  { error: 'That change was not understood. Reload the page.' },
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, program } = await requireAuthoredProgram(context.db, request, params.programId);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: ProgramEditorSchema });
  if (submission.status !== 'success') {
    return data<Reply>({ form: 'intent', result: submission.reply() }, { status: 400 });
  }
  const change = submission.value;
  const here = `/authoring/programs/${program.id}`;
  const input = { user, program };
  switch (change.intent) {
    case 'save': {
      const outcome = await updateProgram(context.db, form, input);
      if (outcome.status === 'saved') {
        throw await redirectWithToast(here, { kind: 'success', message: 'The program is saved.' });
      }
      return data<Reply>({ form: 'details', result: outcome.result }, { status: 400 });
    }
    case 'competencies': {
      const outcome = await saveCompetencies(context.db, form, input);
      if (outcome.status === 'saved') {
        throw await redirectWithToast(here, {
          kind: 'success',
          message: 'The competencies are saved.',
        });
      }
      return data<Reply>({ form: 'competencies', result: outcome.result }, { status: 400 });
    }
    case 'publish': {
      const outcome = await publishProgram(context.db, input);
      if (outcome.status === 'published') {
        throw await redirectWithToast(here, {
          kind: 'success',
          message: `Version ${program.version} is published.`,
        });
      }
      return data<Reply>({ form: 'publish', problems: outcome.problems }, { status: 400 });
    }
    case 'retire': {
      const outcome = await retireProgram(context.db, input);
      throw await redirectWithToast(here, {
        kind: outcome.status === 'retired' ? 'success' : 'error',
        message:
          outcome.status === 'retired'
            ? `Version ${program.version} is retired. Running cohorts keep it.`
            : 'Only a published version can be retired.',
      });
    }
    case 'new-version': {
      const outcome = await startNewVersion(context.db, input);
      throw await redirectWithToast(`/authoring/programs/${outcome.programId}`, {
        kind: outcome.status === 'created' ? 'success' : 'info',
        message:
          outcome.status === 'created'
            ? 'A new draft version was started from this one.'
            : 'This program already has a draft; here it is.',
      });
    }
    case 'move-up':
    case 'move-down': {
      const outcome = await moveModule(context.db, {
        ...input,
        moduleId: change.moduleId,
        direction: change.intent === 'move-up' ? 'up' : 'down',
      });
      throw await redirectWithToast(`${here}#modules-title`, {
        kind: outcome.status === 'refused' ? 'error' : 'success',
        message: outcome.status === 'refused' ? 'Only a draft can change.' : 'The order is saved.',
      });
    }
    case 'delete-module': {
      const outcome = await deleteModule(context.db, { ...input, moduleId: change.moduleId });
      throw await redirectWithToast(here, {
        kind: outcome.status === 'deleted' ? 'success' : 'error',
        message:
          outcome.status === 'deleted' ? 'The module was removed.' : 'Only a draft can change.',
      });
    }
    case 'delete-draft': {
      const outcome = await deleteDraft(context.db, input);
      if (outcome.status === 'deleted') {
        throw await redirectWithToast('/authoring', {
          kind: 'success',
          message: 'The draft was deleted.',
        });
      }
      throw await redirectWithToast(here, {
        kind: 'error',
        message: 'Only a draft no cohort uses can be deleted.',
      });
    }
  }
}

export default function ProgramEditorPage() {
  const { program, values, problems } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const draft = program.status === 'draft';
  const base = `/authoring/programs/${program.id}`;
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">
          <Link to="/authoring">Programs</Link> · Version {program.version}{' '}
          <StatusBadge status={program.status} />
        </p>
        <h1>{program.title}</h1>
        {program.cohorts > 0 ? (
          <p className="lead">
            {program.cohorts} cohort{program.cohorts === 1 ? '' : 's'} use this version; they keep
            it whatever later versions say.
          </p>
        ) : null}
      </header>

      <SubmissionAlert
        result={reply && 'result' in reply && reply.form === 'intent' ? reply.result : null}
      />
      <section className="card" aria-labelledby="status-title">
        <h2 id="status-title">Status</h2>
        {reply && 'problems' in reply ? (
          <FormErrors errors={['Nothing was published.', ...reply.problems]} />
        ) : null}
        {draft ? (
          <>
            <p>
              A draft can change freely. Publishing makes it what new cohorts start with; earlier
              published versions are retired and cohorts running them keep them.
            </p>
            {problems.length > 0 ? (
              <ul className="muted" aria-label="Before publishing">
                {problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : (
          <p>
            This version is {program.status}; it cannot change. Start a new version to edit the
            program.
          </p>
        )}
        <div className="actions-row">
          {draft ? (
            <Form method="post">
              <button
                type="submit"
                name="intent"
                value="publish"
                className="button button--primary"
              >
                Publish version {program.version}
              </button>
            </Form>
          ) : (
            <Form method="post">
              <button
                type="submit"
                name="intent"
                value="new-version"
                className="button button--primary"
              >
                Start a new version
              </button>
            </Form>
          )}
          {program.status === 'published' ? (
            <Form method="post">
              <button type="submit" name="intent" value="retire" className="button">
                Retire version {program.version}
              </button>
            </Form>
          ) : null}
          <a href={`${base}/export.json`} className="button" download>
            Export as JSON
          </a>
          {draft && program.cohorts === 0 ? (
            <Form method="post">
              <button
                type="submit"
                name="intent"
                value="delete-draft"
                className="button button--danger"
              >
                Delete this draft
              </button>
            </Form>
          ) : null}
        </div>
        {program.versions.length > 1 ? (
          <p className="muted">
            Versions:{' '}
            {program.versions.map((version, index) => (
              <span key={version.id}>
                {index > 0 ? ', ' : ''}
                {version.id === program.id ? (
                  <strong>{version.version}</strong>
                ) : (
                  <Link to={`/authoring/programs/${version.id}`}>{version.version}</Link>
                )}{' '}
                ({version.status})
              </span>
            ))}
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <ProgramForm
          intent="save"
          submitLabel="Save the details"
          values={values}
          disabled={!draft}
          lastResult={reply && 'result' in reply && reply.form === 'details' ? reply.result : null}
        />
      </section>

      <CompetenciesCard
        competencies={program.competencies}
        disabled={!draft}
        lastResult={
          reply && 'result' in reply && reply.form === 'competencies' ? reply.result : null
        }
      />

      <section className="card" aria-labelledby="modules-title">
        <div className="card__header">
          <h2 id="modules-title">Modules</h2>
          {draft ? (
            <Link to={`${base}/modules/new`} className="button">
              Add a module
            </Link>
          ) : null}
        </div>
        {program.modules.length === 0 ? (
          <p className="muted">No modules yet.</p>
        ) : (
          <ol className="stack">
            {program.modules.map((module, index) => (
              <li key={module.id} className="actions-row">
                <Link to={`${base}/modules/${module.id}`}>{module.title}</Link>
                <span className="muted">
                  {MODULE_KINDS.find((kind) => kind.value === module.kind)?.label} ·{' '}
                  {module.minutes} min
                </span>
                {draft ? (
                  <Form method="post" className="actions-row">
                    <input type="hidden" name="moduleId" value={module.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="move-up"
                      className="button"
                      disabled={index === 0}
                    >
                      Move up<span className="sr-only"> {module.title}</span>
                    </button>
                    <button
                      type="submit"
                      name="intent"
                      value="move-down"
                      className="button"
                      disabled={index === program.modules.length - 1}
                    >
                      Move down<span className="sr-only"> {module.title}</span>
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card" aria-labelledby="credentials-title">
        <div className="card__header">
          <h2 id="credentials-title">Micro-credentials</h2>
          {draft ? (
            <Link to={`${base}/credentials/new`} className="button">
              Add a micro-credential
            </Link>
          ) : null}
        </div>
        {program.credentials.length === 0 ? (
          <p className="muted">No micro-credentials yet.</p>
        ) : (
          <ul className="stack">
            {program.credentials.map((credential) => (
              <li key={credential.id} className="actions-row">
                <Link to={`${base}/credentials/${credential.id}`}>
                  {credential.code} {credential.title}
                </Link>
                <span className="muted">
                  {credential.hours} hours · {credential.criteria} rubric criteri
                  {credential.criteria === 1 ? 'on' : 'a'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

const BLANK_ROWS = 2;

function CompetenciesCard({
  competencies,
  disabled,
  lastResult,
}: {
  competencies: { id: string; code: string; title: string; description: string }[];
  disabled: boolean;
  lastResult: SubmissionResult<string[]> | null;
}) {
  const [form] = useForm({ id: 'competencies', lastResult });
  const submitted = lastResult?.initialValue as Record<string, unknown> | undefined;
  const rows = submitted
    ? ((getIn(submitted, 'competencies') as unknown[] | undefined) ?? []).map((row) => ({
        id: asText(getIn(row, 'id')),
        code: asText(getIn(row, 'code')),
        title: asText(getIn(row, 'title')),
        description: asText(getIn(row, 'description')),
      }))
    : [
        ...competencies,
        ...Array.from({ length: disabled ? 0 : BLANK_ROWS }, () => ({
          id: '',
          code: '',
          title: '',
          description: '',
        })),
      ];
  const error = (name: string) => form.allErrors[name]?.[0];
  return (
    <section className="card" aria-labelledby="competencies-title">
      <h2 id="competencies-title">Competencies</h2>
      <p className="muted">
        What the program develops, each with a short code. Clear a row to remove it; add more rows
        by saving.
      </p>
      <Form method="post" className="form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="competencies" />
        <FormErrors errors={form.errors} id={form.errorId} />
        <fieldset disabled={disabled} className="stack">
          <legend className="sr-only">Competencies</legend>
          {rows.map((row, index) => {
            const name = (field: string) => `competencies[${index}].${field}`;
            return (
              <fieldset key={`${row.id}-${index}`} className="choices">
                <legend>Competency {index + 1}</legend>
                {row.id ? <input type="hidden" name={name('id')} value={row.id} /> : null}
                <TextField
                  type="text"
                  name={name('code')}
                  label="Code"
                  maxLength={20}
                  className="input--short"
                  defaultValue={row.code}
                  error={error(name('code'))}
                />
                <TextField
                  type="text"
                  name={name('title')}
                  label="Title"
                  maxLength={200}
                  defaultValue={row.title}
                  error={error(name('title'))}
                />
                <TextAreaField
                  name={name('description')}
                  label="Description"
                  rows={2}
                  maxLength={4000}
                  defaultValue={row.description}
                  error={error(name('description'))}
                />
              </fieldset>
            );
          })}
        </fieldset>
        {disabled ? null : (
          <button type="submit" className="button button--primary">
            Save the competencies
          </button>
        )}
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

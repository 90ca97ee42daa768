import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import {
  credentialFormValues,
  deleteCredential,
  getCredentialForEditing,
  saveCredential,
} from '~/authoring/credentials.server';
import { requireEditedPart } from '~/authoring/editor.server';
import { getProgramForEditing } from '~/authoring/programs.server';
import { AUDIENCES, EVIDENCE_TYPES, SUBMISSION_PARTS } from '~/authoring/vocabulary';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { SelectField, SubmissionAlert, TextField } from '~/components/forms';
import { readFormData } from '~/http/form.server';
import { notFound } from '~/permissions/permissions.server';
import { redirectWithToast } from '~/utils/toast.server';
import { asList, asText, CheckboxGroup, FormErrors, getIn, TextAreaField } from './__fields';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.credential
      ? `${data.credential.code} ${data.credential.title} · Authoring · Cadre`
      : 'New micro-credential · Authoring · Cadre',
  },
];

async function load(
  context: LoaderFunctionArgs['context'],
  request: Request,
  params: LoaderFunctionArgs['params'],
) {
  const { user, program, part } = await requireEditedPart(context.db, request, {
    programId: params.programId,
    partId: params.credentialId,
    find: getCredentialForEditing,
    missing: 'We could not find that micro-credential.',
  });
  return { user, program, credential: part };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { program, credential } = await load(context, request, params);
  const full = await getProgramForEditing(context.db, program.id);
  return data(
    {
      program: {
        id: program.id,
        title: program.title,
        status: program.status,
        hoursPerCredential: full?.hoursPerCredential ?? 15,
      },
      competencies: full?.competencies ?? [],
      credential: credential
        ? { id: credential.id, code: credential.code, title: credential.title }
        : null,
      values: credential ? credentialFormValues(credential) : null,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

// the editor's form sends no intent and saves; the Remove button sends `delete`
const CredentialIntentSchema = z.object({
  intent: z
    .enum(['save', 'delete'], { error: 'That change was not understood. Reload the page.' })
    .default('save'),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, program, credential } = await load(context, request, params);
  const form = await readFormData(request);
  const back = `/authoring/programs/${program.id}`;
  const submission = parseWithZod(form, { schema: CredentialIntentSchema });
  if (submission.status !== 'success') {
    return data({ form: 'intent' as const, result: submission.reply() }, { status: 400 });
  }
  if (submission.value.intent === 'delete' && credential) {
    const outcome = await deleteCredential(context.db, {
      user,
      program,
      credentialId: credential.id,
    });
    throw await redirectWithToast(back, {
      kind: outcome.status === 'deleted' ? 'success' : 'error',
      message:
        outcome.status === 'deleted'
          ? `${credential.code} was removed.`
          : 'Only a draft’s micro-credential that nobody has submitted can be removed.',
    });
  }
  const outcome = await saveCredential(context.db, form, {
    user,
    program,
    credentialId: credential?.id ?? null,
  });
  if (outcome.status === 'saved') {
    throw await redirectWithToast(back, {
      kind: 'success',
      message: 'The micro-credential is saved.',
    });
  }
  if (outcome.status === 'missing') notFound('We could not find that micro-credential.');
  return data({ form: 'credential' as const, result: outcome.result }, { status: 400 });
}

const BLANK_CRITERIA = 2;

export default function CredentialEditorPage() {
  const { program, competencies, credential, values } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  // a refused Remove button is shown on its own; the editor keeps what it holds
  const refusedIntent = answer?.form === 'intent' ? answer.result : null;
  const reply = answer?.form === 'credential' ? answer : undefined;
  const [form] = useForm({
    id: 'credential',
    lastResult: reply?.result,
    shouldRevalidate: 'onBlur',
  });
  const current: Record<string, unknown> = (reply?.result.initialValue as
    Record<string, unknown> | undefined) ??
    values ?? { hours: String(program.hoursPerCredential), needsClassroomData: 'no' };
  const text = (name: string) => asText(getIn(current, name));
  const error = (name: string) => form.allErrors[name]?.[0];
  const savedCriteria = ((getIn(current, 'criteria') as unknown[] | undefined) ?? []).map(
    (row) => ({
      part: asText(getIn(row, 'part')),
      title: asText(getIn(row, 'title')),
      meets: asText(getIn(row, 'meets')),
      notYet: asText(getIn(row, 'notYet')),
    }),
  );
  const criteria = reply
    ? savedCriteria
    : [
        ...savedCriteria,
        ...Array.from({ length: BLANK_CRITERIA }, () => ({
          part: '',
          title: '',
          meets: '',
          notYet: '',
        })),
      ];
  const draft = program.status === 'draft';
  const base = `/authoring/programs/${program.id}`;
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">
          <Link to={base}>{program.title}</Link> · Micro-credential
        </p>
        <h1>{credential ? `${credential.code} ${credential.title}` : 'New micro-credential'}</h1>
        <p className="lead">
          In the shape NEA and Digital Promise publish them: the competency, its key method, the
          research behind it, what a submission holds, and a “meets” / “not yet” rubric per part.
        </p>
      </header>
      <SubmissionAlert result={refusedIntent} />
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} id={form.errorId} />
        {form.allErrors.criteria ? (
          <div className="alert alert--error" role="alert">
            {form.allErrors.criteria[0]}
          </div>
        ) : null}
        <fieldset disabled={!draft} className="stack">
          <legend className="sr-only">Micro-credential</legend>
          <TextField
            type="text"
            name="code"
            label="Code"
            required
            maxLength={20}
            className="input--short"
            hint="Short and unique in the program, e.g. CM-1."
            defaultValue={text('code')}
            error={error('code')}
          />
          <TextField
            type="text"
            name="title"
            label="Title"
            required
            maxLength={200}
            defaultValue={text('title')}
            error={error('title')}
          />
          <SelectField
            name="competencyId"
            label="Competency it certifies"
            defaultValue={text('competencyId')}
            error={error('competencyId')}
          >
            <option value="">None of the program’s competencies</option>
            {competencies.map((competency) => (
              <option key={competency.id} value={competency.id}>
                {competency.code} {competency.title}
              </option>
            ))}
          </SelectField>
          <TextAreaField
            name="competencyStatement"
            label="Competency statement"
            rows={3}
            required
            maxLength={4000}
            defaultValue={text('competencyStatement')}
            error={error('competencyStatement')}
          />
          <TextAreaField
            name="keyMethod"
            label="Key method"
            rows={3}
            required
            maxLength={4000}
            defaultValue={text('keyMethod')}
            error={error('keyMethod')}
          />
          <TextAreaField
            name="research"
            label="Research and resources (Markdown)"
            rows={5}
            maxLength={20000}
            defaultValue={text('research')}
            error={error('research')}
          />
          <fieldset className="choices">
            <legend>Submission parts</legend>
            <p className="muted">Leave a part empty if the submission does not have it.</p>
            <TextAreaField
              name="overviewPrompt"
              label="Overview questions"
              rows={3}
              maxLength={4000}
              defaultValue={text('overviewPrompt')}
              error={error('overviewPrompt')}
            />
            <TextAreaField
              name="artifactPrompt"
              label="Work examples and artifacts"
              rows={3}
              maxLength={4000}
              defaultValue={text('artifactPrompt')}
              error={error('artifactPrompt')}
            />
            <TextAreaField
              name="reflectionPrompt"
              label="Reflection"
              rows={3}
              maxLength={4000}
              defaultValue={text('reflectionPrompt')}
              error={error('reflectionPrompt')}
            />
          </fieldset>
          <CheckboxGroup
            name="evidenceTypes"
            legend="Accepted evidence"
            options={EVIDENCE_TYPES}
            checked={asList(getIn(current, 'evidenceTypes'))}
            error={error('evidenceTypes')}
          />
          <fieldset
            className="choices"
            aria-describedby={error('needsClassroomData') ? 'needsClassroomData-error' : undefined}
          >
            <legend>Does the evidence need classroom or student data?</legend>
            {(['yes', 'no'] as const).map((option) => (
              <div className="choice" key={option}>
                <input
                  type="radio"
                  id={`needsClassroomData-${option}`}
                  name="needsClassroomData"
                  value={option}
                  defaultChecked={text('needsClassroomData') === option}
                />
                <label htmlFor={`needsClassroomData-${option}`}>
                  {option === 'yes' ? 'Yes' : 'No'}
                </label>
              </div>
            ))}
            {error('needsClassroomData') ? (
              <p className="field-error" id="needsClassroomData-error">
                {error('needsClassroomData')}
              </p>
            ) : null}
          </fieldset>
          <CheckboxGroup
            name="audiences"
            legend="Audience"
            options={AUDIENCES}
            checked={asList(getIn(current, 'audiences'))}
            error={error('audiences')}
          />
          <TextField
            type="text"
            inputMode="decimal"
            name="hours"
            label="Professional-learning hours"
            required
            className="input--short"
            defaultValue={text('hours')}
            error={error('hours')}
          />
          <fieldset className="stack">
            <legend>Rubric</legend>
            <p className="muted">
              One criterion a row, each with what “meets” and “not yet” look like. Clear a row to
              remove it.
            </p>
            {criteria.map((criterion, index) => {
              const name = (field: string) => `criteria[${index}].${field}`;
              return (
                <fieldset key={index} className="choices">
                  <legend>Criterion {index + 1}</legend>
                  <SelectField
                    name={name('part')}
                    label="Part it judges"
                    defaultValue={criterion.part}
                    error={error(name('part'))}
                  >
                    <option value="">The whole submission</option>
                    {SUBMISSION_PARTS.map((part) => (
                      <option key={part.value} value={part.value}>
                        {part.label}
                      </option>
                    ))}
                  </SelectField>
                  <TextField
                    type="text"
                    name={name('title')}
                    label="Criterion"
                    maxLength={200}
                    defaultValue={criterion.title}
                    error={error(name('title'))}
                  />
                  <TextAreaField
                    name={name('meets')}
                    label="Meets"
                    rows={2}
                    maxLength={4000}
                    defaultValue={criterion.meets}
                    error={error(name('meets'))}
                  />
                  <TextAreaField
                    name={name('notYet')}
                    label="Not yet"
                    rows={2}
                    maxLength={4000}
                    defaultValue={criterion.notYet}
                    error={error(name('notYet'))}
                  />
                </fieldset>
              );
            })}
          </fieldset>
        </fieldset>
        {draft ? (
          <div className="actions-row">
            <button type="submit" className="button button--primary">
              Save the micro-credential
            </button>
            <Link to={base} className="button">
              Back to the program
            </Link>
          </div>
        ) : (
          <p className="muted">
            This version is {program.status}; start a new version to change it.
          </p>
        )}
      </Form>
      {draft && credential ? (
        <Form method="post">
          <button type="submit" name="intent" value="delete" className="button button--danger">
            Remove {credential.code}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

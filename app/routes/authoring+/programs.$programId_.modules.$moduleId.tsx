import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useSearchParams,
} from '@remix-run/react';
import { useState } from 'react';

import { getModuleForEditing, saveModule } from '~/authoring/modules.server';
import { requireEditedPart } from '~/authoring/editor.server';
import { getProgramForEditing } from '~/authoring/programs.server';
import { ACCEPTED_AUTHORING_IMAGES, MODULE_KINDS } from '~/authoring/vocabulary';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { SelectField, TextField } from '~/components/forms';
import { Markdown } from '~/components/markdown';
import { readFormData } from '~/http/form.server';
import { notFound } from '~/permissions/permissions.server';
import { redirectWithToast } from '~/utils/toast.server';
import { asList, asText, CheckboxGroup, FormErrors, getIn, TextAreaField } from './__fields';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.module
      ? `${data.module.title} · Authoring · Cadre`
      : 'New module · Authoring · Cadre',
  },
];

async function load(
  context: LoaderFunctionArgs['context'],
  request: Request,
  params: LoaderFunctionArgs['params'],
) {
  const { user, program, part } = await requireEditedPart(context.db, request, {
    programId: params.programId,
    partId: params.moduleId,
    find: getModuleForEditing,
    missing: 'We could not find that module.',
  });
  return { user, program, module: part };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { program, module } = await load(context, request, params);
  const full = await getProgramForEditing(context.db, program.id);
  return data(
    {
      program: { id: program.id, title: program.title, status: program.status },
      competencies: full?.competencies ?? [],
      module,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, program, module } = await load(context, request, params);
  const form = await readFormData(request);
  const outcome = await saveModule(context.db, form, {
    user,
    program,
    moduleId: module?.id ?? null,
  });
  if (outcome.status === 'saved') {
    throw await redirectWithToast(`/authoring/programs/${program.id}/modules/${outcome.moduleId}`, {
      kind: 'success',
      message: 'The module is saved.',
    });
  }
  if (outcome.status === 'missing') notFound('We could not find that module.');
  return data({ result: outcome.result }, { status: 400 });
}

const BLANK_RESOURCES = 2;

export default function ModuleEditorPage() {
  const { program, competencies, module } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [form] = useForm({ id: 'module', lastResult: reply?.result, shouldRevalidate: 'onBlur' });
  const submitted = reply?.result.initialValue as Record<string, unknown> | undefined;
  const current: Record<string, unknown> = submitted ?? {
    title: module?.title ?? '',
    kind: module?.kind ?? 'online',
    minutes: String(module?.minutes ?? 30),
    body: module?.body ?? '',
    competencyIds: module?.competencyIds ?? [],
  };
  const [body, setBody] = useState(asText(current.body));
  const resources = submitted
    ? ((getIn(submitted, 'resources') as unknown[] | undefined) ?? []).map((row) => ({
        title: asText(getIn(row, 'title')),
        url: asText(getIn(row, 'url')),
        embed: getIn(row, 'embed') === 'on',
      }))
    : [
        ...(module?.resources ?? []).map((row) => ({ ...row, embed: Boolean(row.embed) })),
        ...Array.from({ length: BLANK_RESOURCES }, () => ({ title: '', url: '', embed: false })),
      ];
  const draft = program.status === 'draft';
  const error = (name: string) => form.allErrors[name]?.[0];
  const base = `/authoring/programs/${program.id}`;
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const uploaded = searchParams.get('image');

  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">
          <Link to={base}>{program.title}</Link> · Module
        </p>
        <h1>{module ? module.title : 'New module'}</h1>
        {module ? (
          <p>
            {/* a full load, so the page gets the policy that lets its videos play */}
            <Link to={`${base}/modules/${module.id}/preview`} reloadDocument>
              Preview as a participant
            </Link>
          </p>
        ) : null}
      </header>
      <Form method="post" className="form" {...getFormProps(form)}>
        <FormErrors errors={form.errors} id={form.errorId} />
        <fieldset disabled={!draft} className="stack">
          <legend className="sr-only">Module</legend>
          <TextField
            type="text"
            name="title"
            label="Title"
            required
            maxLength={200}
            defaultValue={asText(current.title)}
            error={error('title')}
          />
          <SelectField
            name="kind"
            label="Kind"
            defaultValue={asText(current.kind, 'online')}
            error={error('kind')}
          >
            {MODULE_KINDS.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </SelectField>
          <TextField
            type="number"
            name="minutes"
            label="Minutes"
            required
            min={1}
            max={1440}
            className="input--short"
            defaultValue={asText(current.minutes)}
            error={error('minutes')}
          />
          {competencies.length > 0 ? (
            <CheckboxGroup
              name="competencyIds"
              legend="Competencies it develops"
              options={competencies.map((competency) => ({
                value: competency.id,
                label: `${competency.code} ${competency.title}`,
              }))}
              checked={asList(current.competencyIds)}
              error={error('competencyIds')}
            />
          ) : null}
          <div className="editor-split">
            <TextAreaField
              name="body"
              label="Body (Markdown)"
              rows={18}
              maxLength={100000}
              value={body}
              onChange={(event) => setBody(event.target.value)}
              error={error('body')}
              hint="Headings, lists, tables, code blocks and links. HTML is shown as text."
            />
            <section aria-labelledby="preview-title" className="editor-preview">
              <h2 id="preview-title">Preview</h2>
              <div className="module-body" aria-live="off">
                <Markdown source={body} headingOffset={1} />
              </div>
            </section>
          </div>
          <fieldset className="choices">
            <legend>Resources</legend>
            <p className="muted">
              Links for further reading. A YouTube or Vimeo link can play in the module, through the
              providers’ privacy-enhanced players.
            </p>
            {resources.map((resource, index) => {
              const name = (field: string) => `resources[${index}].${field}`;
              return (
                <div key={index} className="stack">
                  <TextField
                    type="text"
                    name={name('title')}
                    label={`Resource ${index + 1} title`}
                    maxLength={200}
                    defaultValue={resource.title}
                    error={error(name('title'))}
                  />
                  <TextField
                    type="url"
                    name={name('url')}
                    label={`Resource ${index + 1} address`}
                    maxLength={2000}
                    defaultValue={resource.url}
                    error={error(name('url'))}
                  />
                  <div className="choice">
                    <input
                      type="checkbox"
                      id={name('embed')}
                      name={name('embed')}
                      defaultChecked={resource.embed}
                    />
                    <label htmlFor={name('embed')}>Play this video in the module</label>
                  </div>
                </div>
              );
            })}
          </fieldset>
        </fieldset>
        {draft ? (
          <div className="actions-row">
            <button type="submit" className="button button--primary">
              Save the module
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
      {draft ? (
        <section className="card" aria-labelledby="image-title">
          <h2 id="image-title">Images</h2>
          {uploaded ? (
            <div className="alert alert--info">
              <p>
                Add the image to the body with this line (describe it for people who cannot see it):
              </p>
              <p>
                <code>{`![Describe the image](/authoring/images/${uploaded})`}</code>
              </p>
            </div>
          ) : null}
          <Form
            method="post"
            action={`/authoring/images?returnTo=${encodeURIComponent(location.pathname)}`}
            encType="multipart/form-data"
            reloadDocument
            className="form"
          >
            <div className="field">
              <label htmlFor="image-file">
                Upload an image (PNG, JPEG, GIF or WebP, at most 1 MB)
              </label>
              <input
                id="image-file"
                name="file"
                type="file"
                accept={ACCEPTED_AUTHORING_IMAGES}
                required
              />
            </div>
            <p className="muted">Save the module first: uploading reloads the page.</p>
            <button type="submit" className="button">
              Upload the image
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import type { Submission, SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useActionData } from '@remix-run/react';
import { z } from 'zod';
import { requireAuthor } from '~/authoring/programs.server';
import {
  ImportRefused,
  importProgram,
  parseImport,
  previewImport,
  IMPORT_MAX_BYTES,
} from '~/authoring/transfer.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { getStorage } from '~/storage/storage.server';
import { requireSavableForm } from '~/http/form.server';
import { redirectWithToast } from '~/utils/toast.server';

export const meta: MetaFunction = () => [{ title: 'Import a program · Authoring · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAuthor(context.db, request);
  return null;
}

type Reply =
  | { status: 'invalid'; result: SubmissionResult<string[]> }
  | {
      status: 'preview';
      document: string;
      preview: Awaited<ReturnType<typeof previewImport>>;
    };

const CHOOSE_A_FILE = 'Choose a program export (a .json file) to import.';

/**
 * The first step uploads the file; the second (Import it) sends the previewed document back
 * as text, so either field may hold it. Without an intent the file is previewed.
 */
const ImportSchema = z.object({
  intent: z
    .enum(['preview', 'import'], {
      error: 'That request was not understood. Choose the file again.',
    })
    .default('preview'),
  file: z
    .file({ error: CHOOSE_A_FILE })
    .max(IMPORT_MAX_BYTES, 'That file is too large to be a program export.')
    .optional(),
  document: z.string({ error: CHOOSE_A_FILE }).optional(),
});

function refuse(submission: Submission<unknown>, formErrors?: string[]) {
  // the document can run to megabytes, so it is not sent back
  const result = submission.reply({
    hideFields: ['document'],
    ...(formErrors ? { formErrors } : {}),
  });
  return data<Reply>({ status: 'invalid', result }, { status: 400 });
}

async function readForm(request: Request) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    // a body that is not a form is answered like an empty one
    return new FormData();
  }
  return requireSavableForm(form);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAuthor(context.db, request);
  const submission = parseWithZod(await readForm(request), { schema: ImportSchema });
  if (submission.status !== 'success') return refuse(submission);
  const { intent, file, document } = submission.value;
  const text = file ? await file.text() : document;
  if (!text) return refuse(submission, [CHOOSE_A_FILE]);
  const parsed = parseImport(text);
  if (parsed.status === 'invalid') {
    return refuse(submission, [parsed.message]);
  }
  if (intent === 'import') {
    let programId: string;
    try {
      ({ programId } = await importProgram(
        context.db,
        parsed.document,
        user,
        getStorage(context.env),
      ));
    } catch (error) {
      if (!(error instanceof ImportRefused)) throw error;
      return refuse(submission, [error.message]);
    }
    throw await redirectWithToast(`/authoring/programs/${programId}`, {
      kind: 'success',
      message: 'The program was imported as a draft. Review it, then publish it.',
    });
  }
  const preview = await previewImport(context.db, parsed.document, user.organizationId);
  return data<Reply>({ status: 'preview', document: JSON.stringify(parsed.document), preview });
}

/** every message of a refused import, once each */
function messagesOf(result: SubmissionResult<string[]>) {
  return [...new Set(Object.values(result.error ?? {}).flatMap((list) => list ?? []))];
}

export default function ImportProgramPage() {
  const reply = useActionData<typeof action>();
  return (
    <div className="stack">
      <header className="page-header">
        <p className="eyebrow">
          <Link to="/authoring">Programs</Link>
        </p>
        <h1>Import a program</h1>
        <p className="lead">
          A program exported from Cadre, as one JSON file. You will see what it creates before
          anything changes; it arrives as a draft.
        </p>
      </header>
      {reply?.status === 'invalid' ? (
        <div className="alert alert--error" role="alert">
          {messagesOf(reply.result).join(' ')} Nothing was imported.
        </div>
      ) : null}
      {reply?.status === 'preview' ? (
        <section className="card" aria-labelledby="preview-title">
          <h2 id="preview-title">
            This creates “{reply.preview.title}”, version {reply.preview.version}, as a draft
          </h2>
          <p>
            {reply.preview.keepsIds
              ? 'Its ids are kept, so a later export matches this one.'
              : 'Some of its ids are already used here, so new ids are made.'}{' '}
            {reply.preview.keepsLineage
              ? 'Its version history continues here.'
              : 'It starts its own version history here.'}
          </p>
          <h3>Competencies ({reply.preview.competencies.length})</h3>
          <ul>
            {reply.preview.competencies.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          <h3>Modules ({reply.preview.modules.length})</h3>
          <ul>
            {reply.preview.modules.map((item, index) => (
              <li key={`${item}-${index}`}>{item}</li>
            ))}
          </ul>
          <h3>Micro-credentials ({reply.preview.microCredentials.length})</h3>
          <ul>
            {reply.preview.microCredentials.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          {reply.preview.images > 0 ? (
            <p>
              {reply.preview.images} image{reply.preview.images === 1 ? '' : 's'} come with it.
            </p>
          ) : null}
          {/* multipart, so a document carrying images may exceed an ordinary form's limit */}
          <Form method="post" encType="multipart/form-data" className="actions-row">
            <input type="hidden" name="document" value={reply.document} />
            <button type="submit" name="intent" value="import" className="button button--primary">
              Import it
            </button>
            <Link to="/authoring/import" className="button">
              Cancel
            </Link>
          </Form>
        </section>
      ) : (
        <section className="card" aria-labelledby="file-title">
          <h2 id="file-title">Choose the file</h2>
          <Form method="post" encType="multipart/form-data" className="form">
            <div className="field">
              <label htmlFor="file">Program export (.json)</label>
              <input id="file" name="file" type="file" accept=".json,application/json" required />
            </div>
            <button type="submit" name="intent" value="preview" className="button button--primary">
              Show what it creates
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

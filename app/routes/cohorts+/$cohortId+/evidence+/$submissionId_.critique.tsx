import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useRef } from 'react';
import {
  completeCritique,
  critiqueFormSchema,
  getOpenCritique,
} from '~/critique/critique-requests.server';
import { requireSubmissionAccess } from '~/evidence/submission-access.server';
import { getSubmissionView } from '~/evidence/submission-view.server';
import { useFormBackup } from '~/evidence/use-form-backup';
import { EvidenceItemList, NoteField, RubricFields } from '~/scoring/rubric-fields';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { Markdown } from '~/components/markdown';
import { appOriginOf } from '~/http/origin.server';
import { redirectWithToast } from '~/utils/toast.server';
import { readFormData } from '~/http/form.server';

export const meta: MetaFunction = () => [{ title: 'Write a critique · Cadre' }];

async function requireReviewer(
  context: LoaderFunctionArgs['context'],
  request: Request,
  params: LoaderFunctionArgs['params'],
) {
  const access = await requireSubmissionAccess(
    context.db,
    request,
    params.cohortId,
    params.submissionId,
  );
  if (access.viewer !== 'partner' || !access.viewerMemberId) {
    throw data(
      { message: 'Only a partner asked for a critique can write one here.' },
      { status: 403 },
    );
  }
  const critique = await getOpenCritique(context.db, {
    submissionId: access.submission.id,
    reviewerMemberId: access.viewerMemberId,
  });
  return { access, critique, reviewerMemberId: access.viewerMemberId };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { access, critique } = await requireReviewer(context, request, params);
  const view = await getSubmissionView(context.db, access.submission.id);
  return { view, critiqueId: critique?.id ?? null, cohortId: access.cohort.id };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { access, critique, reviewerMemberId } = await requireReviewer(context, request, params);
  const back = `/cohorts/${access.cohort.id}/evidence`;
  if (!critique) {
    throw await redirectWithToast(back, {
      kind: 'info',
      message: 'That critique request is closed: it was answered or the work was submitted.',
    });
  }
  const view = await getSubmissionView(context.db, access.submission.id);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: critiqueFormSchema(view.submission.criteria) });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const parsed = submission.value;
  const outcome = await completeCritique(context.db, {
    critiqueId: critique.id,
    reviewerMemberId,
    reviewerName: access.user.name,
    notes: parsed.notes,
    summary: parsed.summary,
    appOrigin: appOriginOf(request, context.env),
  });
  throw await redirectWithToast(
    back,
    outcome.status === 'completed'
      ? {
          kind: 'success',
          message: `Your critique was sent to ${view.submission.authorName}.`,
        }
      : { kind: 'info', message: 'That critique request had already closed.' },
  );
}

export default function CritiquePage() {
  const { view, critiqueId, cohortId } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  // validated on the server only: the rubric's criteria name the fields
  const [form, fields] = useForm<Record<string, string>>({
    id: 'critique',
    lastResult: reply?.result,
  });
  // a proxy: every field the rubric names is there
  const summary = fields.summary!;
  const formRef = useRef<HTMLFormElement>(null);
  useFormBackup(formRef, `cadre-critique-${critiqueId ?? 'closed'}`);
  const { submission } = view;

  return (
    <div className="stack">
      <nav aria-label="Breadcrumb">
        <Link to={`/cohorts/${cohortId}/evidence`}>← Evidence and critique</Link>
      </nav>
      <header className="page-header">
        <p className="eyebrow">Critique for {submission.authorName}</p>
        <h2>
          {submission.credentialTitle} · attempt {submission.attempt}
        </h2>
      </header>
      {!critiqueId ? (
        <div className="alert alert--info" role="note">
          There is no open request for your critique on this work: you answered it already, or it
          was submitted. You can still{' '}
          <Link to=".." relative="path">
            read the evidence
          </Link>
          .
        </div>
      ) : null}
      <div className="two-column two-column--even">
        <section className="card" aria-labelledby="evidence-title">
          <h3 id="evidence-title">Their evidence</h3>
          <p className="muted">{submission.evidenceRequirements}</p>
          {submission.body.trim() ? (
            <Markdown source={submission.body} headingOffset={2} />
          ) : (
            <p className="muted">Nothing written.</p>
          )}
          <EvidenceItemList items={submission.items} fileHref={(itemId) => `files/${itemId}`} />
        </section>

        <section className="card" aria-labelledby="rubric-title">
          <h3 id="rubric-title">Your critique, criterion by criterion</h3>
          <Form method="post" className="form" ref={formRef} {...getFormProps(form)}>
            <RubricFields
              criteria={submission.criteria}
              errorOf={(criterion) =>
                fields[`meets-${criterion.id}`]?.errors?.[0] ??
                fields[`strengthen-${criterion.id}`]?.errors?.[0]
              }
            >
              {(criterion, error) => (
                <>
                  <NoteField
                    id={`meets-${criterion.id}`}
                    name={fields[`meets-${criterion.id}`]!.name}
                    label="What meets the bar"
                    disabled={!critiqueId}
                    defaultValue={fields[`meets-${criterion.id}`]!.initialValue}
                    errorId={error ? `error-${criterion.id}` : undefined}
                  />
                  <NoteField
                    id={`strengthen-${criterion.id}`}
                    name={fields[`strengthen-${criterion.id}`]!.name}
                    label="What would strengthen it"
                    disabled={!critiqueId}
                    defaultValue={fields[`strengthen-${criterion.id}`]!.initialValue}
                  />
                </>
              )}
            </RubricFields>
            <NoteField
              id="summary"
              name={summary.name}
              label="Anything else (optional)"
              disabled={!critiqueId}
              defaultValue={summary.initialValue}
              error={summary.errors?.[0]}
            />
            <button type="submit" className="button button--primary" disabled={!critiqueId}>
              Send the critique
            </button>
          </Form>
        </section>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

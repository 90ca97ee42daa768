import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { getFormProps, useForm } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/session.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { TextField } from '~/components/forms';
import { getFee, recordFee } from '~/fees/fees.server';
import { feeStatusLabels, formatFee } from '~/fees/format';
import { readFormData } from '~/http/form.server';
import { appOriginOf } from '~/http/origin.server';
import { notFound, requireOrgAdmin } from '~/permissions/permissions.server';
import { formatDateTime } from '~/utils/dates';
import { redirectWithToast } from '~/utils/toast.server';

export const meta: MetaFunction = () => [{ title: 'Scoring fee · Cadre' }];

async function requireFeeAdmin(args: LoaderFunctionArgs) {
  const user = await requireUser(args.context.db, args.request);
  requireOrgAdmin(user, 'Scoring fees are open to your organization’s admins only.');
  return user;
}

export async function loader(args: LoaderFunctionArgs) {
  const user = await requireFeeAdmin(args);
  const fee = await getFee(args.context.db, {
    organizationId: user.organizationId,
    feeId: args.params.feeId ?? '',
  });
  if (!fee) notFound('We could not find that fee.');
  const organization = await args.context.db
    .selectFrom('organization')
    .select('timezone')
    .where('id', '=', user.organizationId)
    .executeTakeFirstOrThrow();
  return { fee, timezone: organization.timezone };
}

export async function action(args: ActionFunctionArgs) {
  const user = await requireFeeAdmin(args);
  const { request, context, params } = args;
  const form = await readFormData(request);
  const intent = String(form.get('intent') ?? '');
  const outcome = await recordFee(context.db, {
    organizationId: user.organizationId,
    actorId: user.id,
    feeId: params.feeId ?? '',
    form,
    appOrigin: appOriginOf(request, context.env),
  });
  if (outcome.status === 'invalid') {
    return data({ intent, result: outcome.result }, { status: 400 });
  }
  if (outcome.status === 'not-found') notFound('We could not find that fee.');
  if (outcome.status === 'already-recorded') {
    throw await redirectWithToast(`/admin/fees/${params.feeId}`, {
      kind: 'error',
      message: `This fee was already recorded as ${outcome.current}, so nothing changed.`,
    });
  }
  throw await redirectWithToast('/admin/fees', {
    kind: 'success',
    message: `${outcome.name}’s fee is recorded as ${outcome.as}; the submission is with the coach.`,
  });
}

export default function FeePage() {
  const { fee, timezone } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [paidForm, paidFields] = useForm<{ intent: string; receipt: string }>({
    id: 'record-paid',
    lastResult: reply?.intent === 'paid' ? reply.result : undefined,
  });
  const [waiveForm, waiveFields] = useForm<{ intent: string; reason: string }>({
    id: 'record-waived',
    lastResult: reply?.intent === 'waive' ? reply.result : undefined,
  });
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb">
        <Link to="/admin/fees">← Scoring fees</Link>
      </nav>
      <header className="page-header">
        <p className="eyebrow">Scoring fee</p>
        <h1>
          {fee.name}: {formatFee(fee.amountCents)}
        </h1>
        <p className="lead">
          {fee.credentialTitle} (attempt {fee.attempt}) in {fee.cohortName}, submitted{' '}
          {formatDateTime(fee.createdAt, timezone)}.
        </p>
      </header>
      <section className="card" aria-labelledby="status-title">
        <h2 id="status-title">Status: {feeStatusLabels[fee.status]}</h2>
        {fee.status === 'due' ? (
          <p>The submission waits here; the coach does not see it until the fee is recorded.</p>
        ) : (
          <dl className="facts">
            <div>
              <dt>Recorded</dt>
              <dd>
                {fee.recordedAt ? formatDateTime(fee.recordedAt, timezone) : '—'}
                {fee.recordedByName ? ` by ${fee.recordedByName}` : ''}
              </dd>
            </div>
            <div>
              <dt>{fee.status === 'paid' ? 'Receipt reference' : 'Reason'}</dt>
              <dd>{fee.receiptReference ?? fee.waivedReason}</dd>
            </div>
          </dl>
        )}
      </section>
      {fee.status === 'due' ? (
        <>
          <section className="card" aria-labelledby="paid-title">
            <h2 id="paid-title">Record as paid</h2>
            <Form method="post" className="form form--narrow" {...getFormProps(paidForm)}>
              <input type="hidden" name="intent" value="paid" />
              <TextField
                name={paidFields.receipt.name}
                id="receipt"
                label="Receipt or payment reference"
                maxLength={100}
                autoComplete="off"
                error={paidFields.receipt.errors?.[0]}
                hint="As on the receipt, the check or the invoice, e.g. “Check 1042”."
              />
              <button type="submit" className="button button--primary">
                Record as paid
              </button>
            </Form>
          </section>
          <section className="card" aria-labelledby="waive-title">
            <h2 id="waive-title">Waive the fee</h2>
            <Form method="post" className="form form--narrow" {...getFormProps(waiveForm)}>
              <input type="hidden" name="intent" value="waive" />
              <TextField
                name={waiveFields.reason.name}
                id="reason"
                label="Reason for waiving"
                maxLength={500}
                autoComplete="off"
                error={waiveFields.reason.errors?.[0]}
              />
              <button type="submit" className="button">
                Waive the fee
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

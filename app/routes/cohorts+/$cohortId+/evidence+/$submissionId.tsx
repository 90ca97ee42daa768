import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import {
  handleSubmissionAction,
  type SubmissionActionReply,
} from '~/evidence/submission-actions.server';
import { SubmissionPage } from '~/evidence/submission-page';
import { loadSubmissionPage } from '~/evidence/submission-page.server';
import { GeneralErrorBoundary } from '~/components/error-boundary';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.view.submission.credentialTitle} · attempt ${data.view.submission.attempt} · Cadre`
      : 'Evidence · Cadre',
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadSubmissionPage(context, request, params);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleSubmissionAction(context, request, params);
}

export const headers: HeadersFunction = ({ actionHeaders }) => {
  const connection = actionHeaders.get('Connection');
  return connection ? { Connection: connection } : new Headers();
};

export default function SubmissionRoute() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<SubmissionActionReply>();
  return <SubmissionPage data={data} reply={reply} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

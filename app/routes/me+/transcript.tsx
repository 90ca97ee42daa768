import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { loadTranscriptPage } from '~/hours/transcript-page.server';
import { TranscriptView } from '../transcripts+/__transcript-view';

export const meta: MetaFunction = () => [{ title: 'My transcript · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadTranscriptPage(context, request, undefined);
}

export default function MyTranscriptPage() {
  return <TranscriptView data={useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

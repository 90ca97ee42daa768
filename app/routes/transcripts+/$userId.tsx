import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '~/components/error-boundary';
import { loadTranscriptPage } from '~/hours/transcript-page.server';
import { TranscriptView } from './__transcript-view';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Transcript: ${data.person.name} · Cadre` : 'Transcript · Cadre' },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return loadTranscriptPage(context, request, params.userId ?? '');
}

export default function TranscriptPage() {
  return <TranscriptView data={useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

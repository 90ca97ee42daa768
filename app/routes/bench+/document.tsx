import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';

/**
 * The benchmark's bare document: a page through the same root layout as every other, whose
 * body is `?bytes=` of plain rows and whose loader touches nothing, so the dashboard's cost
 * can be read against what Remix and React cost for a document of the same size. It answers
 * only on a server started with `benchDocument` (the bench's own); everywhere else it is a
 * 404, like any unknown address.
 */

const MAX_BYTES = 2_000_000;
const ROW = 'Row 0000000 · an educator in a cohort, with a status and a date'.length;

export const meta: MetaFunction = () => [{ title: 'Bench document · Cadre' }];

export function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.benchDocument) throw new Response('Not Found', { status: 404 });
  const bytes = Number(new URL(request.url).searchParams.get('bytes') ?? 0);
  const wanted = Number.isFinite(bytes) ? Math.min(Math.max(0, bytes), MAX_BYTES) : 0;
  // each row is its text plus `<li></li>`
  return { rows: Math.floor(wanted / (ROW + 9)) };
}

export default function BenchDocument() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Bench document</h1>
      <ul>
        {Array.from({ length: rows }, (_, index) => (
          <li key={index}>
            {`Row ${String(index).padStart(7, '0')} · an educator in a cohort, with a status and a date`}
          </li>
        ))}
      </ul>
    </main>
  );
}

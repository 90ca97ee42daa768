import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { requireAccount } from '~/account/account.server';

export const meta: MetaFunction = () => [{ title: 'Your data · My account · Cadre' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAccount(context, request);
  return null;
}

export default function DataPage() {
  return (
    <section className="card" aria-labelledby="data-title">
      <h2 id="data-title">Download your data</h2>
      <p>One zip file with everything Cadre keeps that is yours:</p>
      <ul>
        <li>your profile, organization and cohorts;</li>
        <li>your pre-assessment answers;</li>
        <li>your action plans, with every submitted version;</li>
        <li>your micro-credential evidence, with the files you uploaded;</li>
        <li>your professional-learning hours;</li>
        <li>your credentials, each with its signed document.</li>
      </ul>
      <p>
        {/* a plain link: the browser saves the streamed file, no script needed */}
        <a href="/me/account/data.zip" className="button button--primary" download>
          Download my data (.zip)
        </a>
      </p>
    </section>
  );
}

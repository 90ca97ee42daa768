import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { signOut } from '~/auth/logout.server';

// signing out changes state, so it only happens on POST; a plain visit goes home
export function loader() {
  return redirect('/');
}

export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await signOut(context, request);
  return redirect('/login', { headers: { 'Set-Cookie': cookie } });
}

import { error, redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { session, type Role } from './session.svelte.ts';

const REFUSALS: Record<Role, string> = {
  doctor: 'This page is for doctors.',
  patient: 'This page is for patients.',
  admin: 'This page is for Health-Connect admins.',
};

/**
 * For a page's `load`: waits for the stored session, sends a signed-out visitor to the login
 * page (coming back afterwards), and answers 403 when the page is for the other role.
 */
export async function requireUser(url: URL, role?: Role): Promise<typeof session> {
  await session.ready;
  if (!session.user || !session.profile) {
    redirect(307, `${resolve('/login')}?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (role && session.role !== role) {
    error(403, REFUSALS[role]);
  }
  return session;
}

/** Where a user lands after signing in: their own home, or a safe same-site `next`. */
export function homeFor(role: Role | null, next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//')) return next;
  if (role === 'admin') return resolve('/admin');
  return role === 'doctor' ? resolve('/dashboard') : resolve('/appointments');
}

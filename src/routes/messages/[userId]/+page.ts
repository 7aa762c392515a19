import { error } from '@sveltejs/kit';
import { requireUser } from '#lib/auth/guard.ts';
import { chat } from '#lib/chat/live.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, params }) => {
  const session = await requireUser(url);
  const me = session.user!.id;
  if (params.userId === me) return { me, otherId: params.userId, person: null, allowed: false };
  try {
    const { person, allowed } = await chat.person(params.userId);
    return { me, otherId: params.userId, person, allowed };
  } catch (cause) {
    error(503, cause instanceof Error ? cause.message : 'The conversation could not be loaded.');
  }
};

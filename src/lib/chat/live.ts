import { onSignOut } from '../auth/sign-out.ts';
import { supabase } from '../supabase.ts';
import { chatApi } from './api.ts';
import { ChatThread, type ThreadDeps } from './chat-thread.svelte.ts';
import { ConversationList } from './conversations.svelte.ts';
import { OnlinePresence } from './presence.svelte.ts';
import { joinTyping } from './typing.svelte.ts';
import { conversationFolder } from './thread.ts';

/** The chat wired to the app's one Supabase client. */
export const chat = chatApi(supabase);

/** Who is online; the messages pages retain it while open. */
export const onlinePresence = new OnlinePresence(supabase);
onSignOut(() => onlinePresence.stop());

function deps(): ThreadDeps {
  return { api: chat, authorize: () => supabase.realtime.setAuth(), events: window };
}

export function openThread(me: string, other: string): ChatThread {
  return new ChatThread(me, other, deps());
}

export function openConversations(me: string): ConversationList {
  return new ConversationList(me, deps());
}

export function openTyping(me: string, other: string): ReturnType<typeof joinTyping> {
  return joinTyping(supabase, conversationFolder(me, other), me, other);
}

import type { Conversation } from './api.ts';

/** The list's one-line summary of a conversation's last message. */
export function lastMessagePreview(conversation: Conversation, me: string): string {
  if (!conversation.last_at) return 'No messages yet';
  const text =
    conversation.last_body?.replace(/\s+/g, ' ').trim() || (conversation.last_has_image ? 'Photo' : '');
  const shown = conversation.last_body && conversation.last_has_image ? `Photo · ${text}` : text;
  return conversation.last_sender_id === me ? `You: ${shown}` : shown;
}

/** "3 unread messages", for the badge's accessible name. */
export function unreadLabel(count: number): string {
  return count === 1 ? '1 unread message' : `${count} unread messages`;
}

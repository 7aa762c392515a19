import { describe, expect, it } from 'vitest';
import type { Conversation } from './api.ts';
import { lastMessagePreview, unreadLabel } from './preview.ts';

const ME = 'me';
function conversation(extra: Partial<Conversation>): Conversation {
  return {
    other_id: 'you',
    full_name: 'Dr. Who',
    avatar_path: null,
    role: 'doctor',
    conversation_key: 'me_you',
    last_body: null,
    last_has_image: false,
    last_at: '2026-01-01T10:00:00Z',
    last_sender_id: 'you',
    unread_count: 0,
    ...extra,
  };
}

describe('conversation preview', () => {
  it('summarises the last message, marking my own', () => {
    expect(lastMessagePreview(conversation({ last_body: 'See you\n tomorrow' }), ME)).toBe(
      'See you tomorrow',
    );
    expect(lastMessagePreview(conversation({ last_body: 'Done', last_sender_id: ME }), ME)).toBe('You: Done');
    expect(lastMessagePreview(conversation({ last_has_image: true }), ME)).toBe('Photo');
    expect(lastMessagePreview(conversation({ last_has_image: true, last_body: 'rash' }), ME)).toBe(
      'Photo · rash',
    );
    expect(lastMessagePreview(conversation({ last_at: null, last_sender_id: null }), ME)).toBe(
      'No messages yet',
    );
  });

  it('names unread counts', () => {
    expect(unreadLabel(1)).toBe('1 unread message');
    expect(unreadLabel(4)).toBe('4 unread messages');
  });
});

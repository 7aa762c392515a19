import { createClient } from '@supabase/supabase-js';
import { PUBLIC_SUPABASE_URL } from '$app/env/public';
import { describe, expect, it } from 'vitest';
import { AUTH_STORAGE_KEY, mayHoldSession, publicObjectUrl } from './supabase-lazy.ts';

const storage = (items: Record<string, string>) => ({ getItem: (key: string) => items[key] ?? null });
const page = (path: string) => new URL(path, 'http://127.0.0.1:5173');

describe('loading the Supabase client only when a visit needs it', () => {
  it('names the key supabase-js stores its session under by default', () => {
    const memory = new Map<string, string>();
    const client = createClient(PUBLIC_SUPABASE_URL, 'anon', {
      auth: {
        autoRefreshToken: false,
        storage: {
          getItem: (key) => memory.get(key) ?? null,
          setItem: (key, value) => void memory.set(key, value),
          removeItem: (key) => void memory.delete(key),
        },
      },
    });
    expect((client.auth as unknown as { storageKey: string }).storageKey).toBe(AUTH_STORAGE_KEY);
  });

  it('needs the client for a stored session or an email link’s tokens, and not otherwise', () => {
    expect(mayHoldSession(storage({}), page('/login'))).toBe(false);
    expect(mayHoldSession(storage({ other: 'x' }), page('/?next=/appointments'))).toBe(false);
    expect(mayHoldSession(storage({ [AUTH_STORAGE_KEY]: '{}' }), page('/login'))).toBe(true);
    expect(mayHoldSession(storage({}), page('/update-password#access_token=a&type=recovery'))).toBe(true);
    expect(mayHoldSession(storage({}), page('/login#error=access_denied&error_description=expired'))).toBe(
      true,
    );
    expect(mayHoldSession(storage({}), page('/?code=abc'))).toBe(true);
  });

  it('assumes a session may exist when storage cannot be read', () => {
    const refusing = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
    };
    expect(mayHoldSession(refusing, page('/login'))).toBe(true);
    expect(mayHoldSession(undefined, page('/login'))).toBe(true);
  });

  it('builds public object URLs exactly as storage-js does', () => {
    const client = createClient(PUBLIC_SUPABASE_URL, 'anon', { auth: { persistSession: false } });
    for (const path of ['a/b.png', '/leading/slash.webp', 'with space/ü.jpg']) {
      expect(publicObjectUrl('avatars', path)).toBe(
        client.storage.from('avatars').getPublicUrl(path).data.publicUrl,
      );
    }
  });
});

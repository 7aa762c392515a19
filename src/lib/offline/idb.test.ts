import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openKeyValueStore } from './idb.ts';

describe('openKeyValueStore', () => {
  it('keeps values by key across openings, and deletes and clears them', async () => {
    const factory = new IDBFactory();
    const first = await openKeyValueStore(factory, 'db', 'copies');
    await first.set('a', { items: [1, 2], savedAt: 5 });
    await first.set('b', 'two');
    expect(await first.get('a')).toEqual({ items: [1, 2], savedAt: 5 });
    first.close();

    const again = await openKeyValueStore(factory, 'db', 'copies');
    expect(await again.get('b')).toBe('two');
    await again.delete('b');
    expect(await again.get('b')).toBeUndefined();
    await again.clear();
    expect(await again.get('a')).toBeUndefined();
    again.close();
  });

  it('overwrites a key with the newest value', async () => {
    const store = await openKeyValueStore(new IDBFactory(), 'db', 'copies');
    await store.set('k', 1);
    await store.set('k', 2);
    expect(await store.get('k')).toBe(2);
    store.close();
  });

  it('rejects values IndexedDB cannot store instead of hanging', async () => {
    const store = await openKeyValueStore(new IDBFactory(), 'db', 'copies');
    await expect(store.set('k', { f: () => 1 })).rejects.toThrow();
    store.close();
  });

  it('does not block another connection that deletes the database', async () => {
    const factory = new IDBFactory();
    const store = await openKeyValueStore(factory, 'db', 'copies');
    await store.set('k', 1);
    const request = factory.deleteDatabase('db');
    await new Promise((resolve, reject) => {
      request.onsuccess = resolve;
      request.onerror = reject;
      request.onblocked = () => reject(new Error('blocked'));
    });
    const fresh = await openKeyValueStore(factory, 'db', 'copies');
    expect(await fresh.get('k')).toBeUndefined();
    fresh.close();
  });
});

/**
 * A key–value store in one IndexedDB object store: the little of IndexedDB the app needs,
 * as promises. Works with any `IDBFactory` (the browser's, or fake-indexeddb in unit tests).
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Removes every entry. */
  clear(): Promise<void>;
  close(): void;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/**
 * Opens (creating on first use) database `name` with one object store `store`.
 * @example
 * const store = await openKeyValueStore(indexedDB, 'health-connect', 'copies');
 * await store.set('a', { n: 1 });
 */
export async function openKeyValueStore(
  factory: IDBFactory,
  name: string,
  store: string,
): Promise<KeyValueStore> {
  const request = factory.open(name, 1);
  request.onupgradeneeded = () => request.result.createObjectStore(store);
  const db = await done(request);
  // Another tab deleting or upgrading the database must not be blocked by this one.
  db.onversionchange = () => db.close();

  async function write(change: (objects: IDBObjectStore) => void): Promise<void> {
    const transaction = db.transaction(store, 'readwrite');
    change(transaction.objectStore(store));
    await committed(transaction);
  }

  return {
    async get<T>(key: string) {
      const objects = db.transaction(store, 'readonly').objectStore(store);
      return (await done(objects.get(key))) as T | undefined;
    },
    set: (key, value) => write((objects) => objects.put(value, key)),
    delete: (key) => write((objects) => objects.delete(key)),
    clear: () => write((objects) => objects.clear()),
    close: () => db.close(),
  };
}

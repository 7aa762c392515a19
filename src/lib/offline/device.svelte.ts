import { copyKey, makeCopy, readCopy, type DeviceCopy } from './copy.ts';
import { openKeyValueStore, type KeyValueStore } from './idb.ts';

/** The app's one IndexedDB database for copies kept on the device. */
const DATABASE = 'health-connect-offline';
const STORE = 'copies';

let opening: Promise<KeyValueStore | null> | undefined;
/** Bumped by `clearDevice`: a read that started before a sign-out must not be saved after it. */
let generation = 0;

/** The store, or null where IndexedDB is unavailable (some private modes): then nothing is kept. */
function store(): Promise<KeyValueStore | null> {
  opening ??= (
    typeof indexedDB === 'undefined'
      ? Promise.resolve(null)
      : openKeyValueStore(indexedDB, DATABASE, STORE).catch(() => null)
  ).then((opened) => {
    if (!opened) opening = undefined;
    return opened;
  });
  return opening;
}

/**
 * Runs `use` on the store, reopening it once if it fails: the connection closes itself when
 * another tab upgrades or deletes the database.
 */
async function withStore<R>(use: (store: KeyValueStore) => Promise<R>): Promise<R | undefined> {
  const opened = await store();
  if (!opened) return undefined;
  try {
    return await use(opened);
  } catch {
    opening = undefined;
    const reopened = await store();
    return reopened ? use(reopened) : undefined;
  }
}

/**
 * One user's copy of one thing on this device: saved after every successful read, shown when
 * the server can't be reached.
 */
export class DeviceCopyOf<T> {
  readonly #key: string;
  readonly #userId: string;
  readonly #generation = generation;

  constructor(kind: string, userId: string, role?: string) {
    this.#key = copyKey(kind, userId, role);
    this.#userId = userId;
  }

  /** Saves `value` as read now. Failing to save (quota, storage blocked) only costs the copy. */
  async save(value: T): Promise<void> {
    const copy = makeCopy(this.#userId, $state.snapshot(value));
    try {
      await withStore(async (opened) => {
        if (this.#generation !== generation) return; // signed out meanwhile
        await opened.set(this.#key, copy);
      });
    } catch {
      // Keep working without an offline copy.
    }
  }

  async read(): Promise<DeviceCopy<T> | null> {
    try {
      return readCopy<T>(await withStore((opened) => opened.get(this.#key)), this.#userId);
    } catch {
      return null;
    }
  }
}

/** Deletes everything kept on this device (on sign-out). */
export async function clearDevice(): Promise<void> {
  generation += 1;
  await withStore((opened) => opened.clear());
}

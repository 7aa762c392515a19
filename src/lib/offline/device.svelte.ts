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
      const opened = await store();
      if (this.#generation !== generation) return; // signed out meanwhile
      await opened?.set(this.#key, copy);
    } catch {
      // Keep working without an offline copy.
    }
  }

  async read(): Promise<DeviceCopy<T> | null> {
    try {
      return readCopy<T>(await (await store())?.get(this.#key), this.#userId);
    } catch {
      return null;
    }
  }
}

/** Deletes everything kept on this device (on sign-out). */
export async function clearDevice(): Promise<void> {
  generation += 1;
  await (await store())?.clear();
}

import type { Json } from '../database.types.ts';
import type { DeviceCopy } from '../offline/copy.ts';
import { recordCopy } from './copy.ts';
import { OFFLINE, RecordError } from './errors.ts';
import { historyOf, type HealthHistory } from './history.ts';

/** What the history reads and keeps, injected so the class is tested without a browser. */
export interface HistoryDeps {
  /** my_health_history(); throws a RecordError (code OFFLINE when the server was not reached). */
  read: () => Promise<Json>;
  copy: {
    save: (value: HealthHistory) => Promise<void>;
    read: () => Promise<DeviceCopy<HealthHistory> | null>;
  };
  /** Starts live updates calling `onChange`; returns the stop function. */
  watch: (onChange: () => void) => () => void;
  /** Where `online` and `offline` fire (window). */
  events: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /** How long to wait for the server before showing the device copy meanwhile (ms). */
  patience: () => number;
}

/**
 * The signed-in patient's health history on /records: read from the server, kept on the
 * device after every read, shown from that copy (marked `fromDevice`) when the server can't be
 * reached, and read again when a summary or prescription arrives or the browser is back online.
 */
export class HealthHistoryState {
  value = $state<HealthHistory | null>(null);
  loading = $state(true);
  failure = $state('');
  /** When the history on screen was read from the server. */
  loadedAt = $state<number | null>(null);
  /** True while `value` is the copy kept on this device, not a fresh read. */
  fromDevice = $state(false);
  readonly #deps: HistoryDeps;
  #reloading: ReturnType<typeof setTimeout> | undefined;

  constructor(deps: HistoryDeps) {
    this.#deps = deps;
  }

  async load(): Promise<void> {
    const meanwhile =
      this.loadedAt === null
        ? setTimeout(() => void this.#showDeviceCopy(), this.#deps.patience())
        : undefined;
    try {
      const value = historyOf(await this.#deps.read());
      this.value = value;
      this.loadedAt = Date.now();
      this.fromDevice = false;
      this.failure = '';
      void this.#deps.copy.save(value);
    } catch (cause) {
      const offline = cause instanceof RecordError && cause.code === OFFLINE;
      if (offline && (await this.#showDeviceCopy())) return;
      this.failure = offline
        ? recordCopy.history.noCopy
        : cause instanceof RecordError
          ? cause.message
          : recordCopy.history.failed;
    } finally {
      clearTimeout(meanwhile);
      this.loading = false;
    }
  }

  async #showDeviceCopy(): Promise<boolean> {
    if (this.loadedAt !== null) {
      // What is on screen is already the newest this device has seen.
      this.fromDevice = true;
      return true;
    }
    const copy = await this.#deps.copy.read();
    if (this.loadedAt !== null) return true; // an answer arrived meanwhile
    if (!copy) return false;
    this.value = copy.value;
    this.loadedAt = copy.savedAt;
    this.fromDevice = true;
    this.loading = false;
    this.failure = '';
    return true;
  }

  /** Starts live updates and re-reads on connectivity changes; returns the stop function. */
  live(): () => void {
    const reload = () => {
      clearTimeout(this.#reloading);
      this.#reloading = setTimeout(() => void this.load(), 100);
    };
    const stop = this.#deps.watch(reload);
    this.#deps.events.addEventListener('online', reload);
    this.#deps.events.addEventListener('offline', reload);
    return () => {
      stop();
      this.#deps.events.removeEventListener('online', reload);
      this.#deps.events.removeEventListener('offline', reload);
      clearTimeout(this.#reloading);
    };
  }
}

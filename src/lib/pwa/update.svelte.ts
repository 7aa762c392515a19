import type { Workbox } from 'workbox-window';

/** What `AppUpdate` needs of workbox-window, so tests can stand in for it. */
export type ServiceWorkerClient = Pick<
  Workbox,
  'addEventListener' | 'register' | 'update' | 'messageSkipWaiting'
>;

/** What `AppUpdate` needs of the page. */
export interface UpdatePage {
  reload(): void;
  /** Calls `listener` once, when a new worker takes control of the page. */
  onceControllerChanges(listener: () => void): void;
  /** Calls `listener` whenever the app comes back to the foreground. */
  onVisible(listener: () => void): void;
}

/** How often an open app asks the server for a new version. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

/**
 * The service worker's life from the page's side. A new version installs in the background and
 * waits (registerType "prompt"): `available` turns true and the app shows "Update available";
 * `reload()` tells the waiting worker to take over (SKIP_WAITING) and reloads into it once it
 * controls the page. Nobody stays on an old build for long: the check runs on every start, when
 * the app comes back to the foreground, and hourly.
 */
export class AppUpdate {
  available = $state(false);
  #client: ServiceWorkerClient | undefined;
  #starting: Promise<void> | undefined;
  readonly #page: UpdatePage;

  constructor(page: UpdatePage) {
    this.#page = page;
  }

  /** Registers the worker; `load` imports workbox-window lazily, off the first page's budget. */
  start(load: () => Promise<ServiceWorkerClient>): Promise<void> {
    this.#starting ??= this.#start(load);
    return this.#starting;
  }

  async #start(load: () => Promise<ServiceWorkerClient>): Promise<void> {
    const client = await load();
    // Also fires at start when a version was already waiting (the user reloaded without it).
    client.addEventListener('waiting', () => (this.available = true));
    await client.register();
    this.#client = client;
    setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.#page.onVisible(() => void this.check());
  }

  /** Asks the server whether there is a newer version. */
  async check(): Promise<void> {
    try {
      await this.#client?.update();
    } catch {
      // Offline or the server is down: the next check will do.
    }
  }

  /** Switches to the waiting version: the page reloads when the new worker controls it. */
  reload(): void {
    this.available = false;
    if (!this.#client) return this.#page.reload();
    this.#page.onceControllerChanges(() => this.#page.reload());
    this.#client.messageSkipWaiting();
  }
}

const browserPage: UpdatePage = {
  reload: () => location.reload(),
  onceControllerChanges: (listener) =>
    navigator.serviceWorker.addEventListener('controllerchange', listener, { once: true }),
  onVisible: (listener) =>
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') listener();
    }),
};

export const appUpdate = new AppUpdate(browserPage);

/**
 * Starts the service worker in production builds (in `vite dev` there is none).
 * @example onMount(() => void startServiceWorker('/sw.js', dev));
 */
export async function startServiceWorker(url: string, isDev: boolean): Promise<void> {
  if (isDev || !('serviceWorker' in navigator)) return;
  // After the page has loaded, so installing (and precaching) never competes with the first view.
  if (document.readyState !== 'complete') {
    await new Promise((resolve) => addEventListener('load', resolve, { once: true }));
  }
  await appUpdate.start(async () => {
    const { Workbox } = await import('workbox-window');
    return new Workbox(url); // scope: the worker's folder, the site root
  });
}

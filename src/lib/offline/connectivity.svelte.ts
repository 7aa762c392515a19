/**
 * Whether the browser says it is online, as reactive state. `navigator.onLine === false` is
 * reliable (no network at all); `true` only means "maybe", which is why a failed request to the
 * server also counts as offline where it matters (see `isUnreachable`).
 */
class Connectivity {
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);

  constructor() {
    if (typeof addEventListener === 'undefined') return;
    addEventListener('online', () => (this.online = true));
    addEventListener('offline', () => (this.online = false));
  }
}

export const connectivity = new Connectivity();

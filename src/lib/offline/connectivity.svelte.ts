/**
 * Whether the browser says it is online, as reactive state. Only a hint: `true` means "maybe",
 * and a machine with nothing but a loopback network may say `false` yet reach a local server.
 * So what the app may do is decided by whether requests reach the server (`isUnreachable`);
 * this only picks words ("Offline" or "Can't reach") and whether retrying is worth it.
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

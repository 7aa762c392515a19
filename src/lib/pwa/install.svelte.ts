/** Chromium's install event (not in lib.dom): https://wicg.github.io/manifest-incubations/#beforeinstallpromptevent-interface */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

/**
 * The browser's offer to install the app, kept for an in-app "Install" button. The browser's
 * own mini-infobar is suppressed; the offer is used at most once, then the browser makes a new
 * one if the user dismissed it.
 */
export class InstallPrompt {
  available = $state(false);
  installed = $state(false);
  #offer: BeforeInstallPromptEvent | null = null;

  constructor(target: EventTarget) {
    target.addEventListener('beforeinstallprompt', (event) => {
      event.preventDefault();
      this.#offer = event as BeforeInstallPromptEvent;
      this.available = true;
    });
    target.addEventListener('appinstalled', () => {
      this.#offer = null;
      this.available = false;
      this.installed = true;
    });
  }

  /** Shows the browser's install dialog; resolves with whether the user installed. */
  async install(): Promise<boolean> {
    const offer = this.#offer;
    if (!offer) return false;
    this.#offer = null;
    this.available = false;
    await offer.prompt();
    const { outcome } = await offer.userChoice;
    return outcome === 'accepted';
  }
}

/** The app's one install prompt, listening from the first import (the event can come early). */
export const installPrompt = new InstallPrompt(typeof window === 'undefined' ? new EventTarget() : window);

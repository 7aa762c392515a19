import { describe, expect, it, vi } from 'vitest';
import { InstallPrompt } from './install.svelte.ts';

function offer(outcome: 'accepted' | 'dismissed') {
  const event = new Event('beforeinstallprompt', { cancelable: true });
  return Object.assign(event, {
    prompt: vi.fn(() => Promise.resolve()),
    userChoice: Promise.resolve({ outcome }),
  });
}

describe('InstallPrompt', () => {
  it('keeps the browser offer for the in-app button instead of the browser infobar', () => {
    const window = new EventTarget();
    const install = new InstallPrompt(window);
    expect(install.available).toBe(false);
    const event = offer('accepted');
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(install.available).toBe(true);
  });

  it('shows the browser dialog once and reports the choice', async () => {
    const window = new EventTarget();
    const install = new InstallPrompt(window);
    const event = offer('dismissed');
    window.dispatchEvent(event);
    await expect(install.install()).resolves.toBe(false);
    expect(event.prompt).toHaveBeenCalledOnce();
    // An offer can be used once; the browser sends a new one later.
    expect(install.available).toBe(false);
    await expect(install.install()).resolves.toBe(false);
    expect(event.prompt).toHaveBeenCalledOnce();
  });

  it('hides the button once the app is installed', async () => {
    const window = new EventTarget();
    const install = new InstallPrompt(window);
    window.dispatchEvent(offer('accepted'));
    await expect(install.install()).resolves.toBe(true);
    window.dispatchEvent(new Event('appinstalled'));
    expect(install.available).toBe(false);
    expect(install.installed).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppUpdate, type ServiceWorkerClient, type UpdatePage } from './update.svelte.ts';

function fakeWorkbox() {
  const listeners = new Map<string, () => void>();
  const client = {
    addEventListener: vi.fn((type: string, listener: () => void) => listeners.set(type, listener)),
    register: vi.fn(() => Promise.resolve(undefined)),
    update: vi.fn(() => Promise.resolve(undefined)),
    messageSkipWaiting: vi.fn(),
  };
  return { client, emit: (type: string) => listeners.get(type)?.() };
}

function fakePage() {
  let controllerChange: (() => void) | undefined;
  let visible: (() => void) | undefined;
  const page = {
    reload: vi.fn(),
    onceControllerChanges: (listener: () => void) => void (controllerChange = listener),
    onVisible: (listener: () => void) => void (visible = listener),
  } satisfies UpdatePage;
  return { page, takeControl: () => controllerChange?.(), show: () => visible?.() };
}

describe('AppUpdate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('offers the update once a new version waits, and only switches when asked', async () => {
    const workbox = fakeWorkbox();
    const { page, takeControl } = fakePage();
    const update = new AppUpdate(page);
    await update.start(() => Promise.resolve(workbox.client as unknown as ServiceWorkerClient));
    expect(workbox.client.register).toHaveBeenCalledOnce();
    expect(update.available).toBe(false);

    workbox.emit('waiting');
    expect(update.available).toBe(true);
    expect(workbox.client.messageSkipWaiting).not.toHaveBeenCalled();

    update.reload();
    expect(workbox.client.messageSkipWaiting).toHaveBeenCalledOnce();
    // The page reloads only when the new worker is in control, so it loads the new version.
    expect(page.reload).not.toHaveBeenCalled();
    takeControl();
    expect(page.reload).toHaveBeenCalledOnce();
  });

  it('registers once however often it is started', async () => {
    const workbox = fakeWorkbox();
    const update = new AppUpdate(fakePage().page);
    const load = vi.fn(() => Promise.resolve(workbox.client as unknown as ServiceWorkerClient));
    await Promise.all([update.start(load), update.start(load)]);
    expect(load).toHaveBeenCalledOnce();
    expect(workbox.client.register).toHaveBeenCalledOnce();
  });

  it('looks for a new version hourly and when the app comes back to the foreground', async () => {
    const workbox = fakeWorkbox();
    const { page, show } = fakePage();
    const update = new AppUpdate(page);
    await update.start(() => Promise.resolve(workbox.client as unknown as ServiceWorkerClient));
    show();
    expect(workbox.client.update).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60 * 60 * 1000);
    expect(workbox.client.update).toHaveBeenCalledTimes(2);
  });

  it('survives a failed check (offline)', async () => {
    const workbox = fakeWorkbox();
    workbox.client.update.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const update = new AppUpdate(fakePage().page);
    await update.start(() => Promise.resolve(workbox.client as unknown as ServiceWorkerClient));
    await expect(update.check()).resolves.toBeUndefined();
  });

  it('without a service worker, reload just reloads', () => {
    const { page } = fakePage();
    new AppUpdate(page).reload();
    expect(page.reload).toHaveBeenCalledOnce();
  });
});

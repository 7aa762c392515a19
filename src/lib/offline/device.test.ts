import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { clearDevice, DeviceCopyOf } from './device.svelte.ts';

describe('DeviceCopyOf', () => {
  it('reads back what was saved, with when', async () => {
    const copy = new DeviceCopyOf<{ id: string }[]>('appointments', 'user-a', 'patient');
    const before = Date.now();
    await copy.save([{ id: 'x' }]);
    const read = await copy.read();
    expect(read?.value).toEqual([{ id: 'x' }]);
    expect(read?.savedAt).toBeGreaterThanOrEqual(before);
  });

  it("keeps each user's and role's copy apart", async () => {
    await new DeviceCopyOf('appointments', 'user-a', 'patient').save(['a']);
    expect(await new DeviceCopyOf('appointments', 'user-b', 'patient').read()).toBeNull();
    expect(await new DeviceCopyOf('appointments', 'user-a', 'doctor').read()).toBeNull();
  });

  it('clearDevice removes every copy', async () => {
    await new DeviceCopyOf('appointments', 'user-a', 'patient').save(['a']);
    await new DeviceCopyOf('profile', 'user-a').save({ name: 'A' });
    await clearDevice();
    expect(await new DeviceCopyOf('appointments', 'user-a', 'patient').read()).toBeNull();
    expect(await new DeviceCopyOf('profile', 'user-a').read()).toBeNull();
  });

  it('drops a save from a read that started before sign-out', async () => {
    const inFlight = new DeviceCopyOf('appointments', 'user-a', 'patient');
    await clearDevice();
    await inFlight.save(['late']);
    expect(await new DeviceCopyOf('appointments', 'user-a', 'patient').read()).toBeNull();
    // A copy made after the sign-out (the next session) saves normally.
    const next = new DeviceCopyOf('appointments', 'user-a', 'patient');
    await next.save(['fresh']);
    expect((await next.read())?.value).toEqual(['fresh']);
  });

  it('keeps working after another tab deleted the database', async () => {
    const copy = new DeviceCopyOf<string[]>('appointments', 'user-a', 'patient');
    await copy.save(['before']);
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase('health-connect-offline');
      request.onsuccess = resolve;
      request.onerror = reject;
    });
    expect(await copy.read()).toBeNull();
    await copy.save(['after']);
    expect((await copy.read())?.value).toEqual(['after']);
  });
});

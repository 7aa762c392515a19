import { createClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, stopStack, testStackOptions, type TestStack } from '../../tests/helpers/stack.ts';
import { instancePaths } from '../config/instance.ts';
import { PUBLISHABLE_KEY, SECRET_KEY, SERVICE_ROLE_KEY } from '../config/keys.ts';
import { isAlive, readState } from '../cli/state.ts';

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('storage survives a crash mid-upload', () => {
  let stack: TestStack;
  /** What the seed put in storage (the demo licence documents) before these tests wrote anything. */
  let seeded: Set<string>;
  const ours = (dir: string) => files(dir).filter((file) => !seeded.has(file));

  beforeAll(async () => {
    stack = await testStackOptions();
    await startStack(stack);
    seeded = new Set(files(instancePaths(stack.dataDir).storage));
  });

  afterAll(async () => {
    await stopStack(stack);
    rmSync(stack.dataDir, { recursive: true, force: true });
  });

  it('leaves no partial object and no stray bytes after kill -9 during a large upload', async () => {
    const service = createClient(stack.apiUrl, SECRET_KEY, { auth: { persistSession: false } });
    await service.storage.createBucket('crash-test', { public: false });
    await service.storage.from('crash-test').upload('kept.bin', new Blob([new Uint8Array(1000)]));

    // Stream 20 MB slowly, and kill the stack once part of it has arrived.
    const url = new URL(stack.apiUrl);
    const upload = request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      path: '/storage/v1/object/crash-test/big.bin',
      headers: {
        apikey: PUBLISHABLE_KEY,
        authorization: `Bearer ${SERVICE_ROLE_KEY}`,
        'content-type': 'application/octet-stream',
        'content-length': String(20 * 1024 * 1024),
      },
    });
    upload.on('error', () => undefined);
    const chunk = Buffer.alloc(1024 * 1024, 1);
    for (let i = 0; i < 8; i++) {
      upload.write(chunk);
      await new Promise((done) => setTimeout(done, 50));
    }
    const state = readState(instancePaths(stack.dataDir).state)!;
    process.kill(state.pid, 'SIGKILL');
    for (let i = 0; i < 100 && isAlive(state.pid); i++) await new Promise((done) => setTimeout(done, 50));
    upload.destroy();
    await new Promise((done) => setTimeout(done, 500));

    await startStack(stack);
    const listed = await service.storage.from('crash-test').list();
    expect(listed.data!.map((entry) => entry.name)).toEqual(['kept.bin']);
    expect((await service.storage.from('crash-test').download('big.bin')).error).not.toBeNull();
    expect((await service.storage.from('crash-test').download('kept.bin')).data?.size).toBe(1000);
    const stored = ours(instancePaths(stack.dataDir).storage);
    expect(stored.filter((file) => file.includes('.tmp'))).toEqual([]);
    expect(stored).toHaveLength(1);
  });

  it('removes, at the next start, object files a crash left without a row', async () => {
    const service = createClient(stack.apiUrl, SECRET_KEY, { auth: { persistSession: false } });
    const root = instancePaths(stack.dataDir).storage;
    const [kept] = ours(root);
    expect(kept).toBeDefined();
    await stopStack(stack);

    // What a kill -9 between the bytes' rename and the row's COMMIT leaves: a file for an
    // object that has no row, and a second version next to a kept object's only real one.
    const orphanId = randomUUID();
    const orphan = join(root, orphanId.slice(0, 2), orphanId, randomUUID());
    mkdirSync(dirname(orphan), { recursive: true });
    writeFileSync(orphan, 'bytes of an upload that never committed');
    const staleVersion = join(dirname(kept!), randomUUID());
    writeFileSync(staleVersion, 'bytes of a replacement that never committed');
    const notOurs = join(root, 'README');
    writeFileSync(notOurs, 'not an object directory');
    expect(ours(root)).toHaveLength(4);

    await startStack(stack);
    expect(ours(root).sort()).toEqual([kept!, notOurs].sort());
    // The seed's files have rows: the sweep keeps every one.
    expect(files(root).filter((file) => seeded.has(file))).toHaveLength(seeded.size);
    expect((await service.storage.from('crash-test').download('kept.bin')).data?.size).toBe(1000);
  });
});

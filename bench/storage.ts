// Storage throughput: upload and download of 1 MB and 20 MB objects through the gateway,
// against a plain file copy on the same disk; and p50 of a 200 KB image upload.
import { createClient } from '@supabase/supabase-js';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SECRET_KEY } from '../stack/config/keys.ts';
import { runCli, testStackOptions } from '../tests/helpers/stack.ts';
import { percentile, round } from './lib.ts';

const MB = 1024 * 1024;

export async function benchStorage(): Promise<Record<string, number>> {
  const stack = await testStackOptions(join(import.meta.dirname, '..', 'supabase'));
  const started = await runCli(['start', ...stack.flags]);
  if (started.code !== 0) throw new Error(started.stderr);
  const scratch = mkdtempSync(join(stack.dataDir, 'copy-'));
  try {
    const service = createClient(stack.apiUrl, SECRET_KEY, { auth: { persistSession: false } });
    await service.storage.createBucket('bench', { public: false });
    const bucket = service.storage.from('bench');
    const result: Record<string, number> = {};
    for (const size of [1, 20]) {
      const bytes = new Uint8Array(size * MB).map((_, i) => i % 251);
      const runs = size === 1 ? 20 : 5;
      let t = performance.now();
      for (let i = 0; i < runs; i++) {
        const { error } = await bucket.upload(`obj-${size}-${i}.bin`, bytes, {
          contentType: 'application/octet-stream',
        });
        if (error) throw error;
      }
      result[`upload_${size}mb_mb_per_s`] = round((size * runs) / ((performance.now() - t) / 1000), 1);
      t = performance.now();
      for (let i = 0; i < runs; i++)
        await (await bucket.download(`obj-${size}-${i}.bin`)).data!.arrayBuffer();
      result[`download_${size}mb_mb_per_s`] = round((size * runs) / ((performance.now() - t) / 1000), 1);
      const source = join(scratch, `source-${size}`);
      writeFileSync(source, bytes);
      t = performance.now();
      for (let i = 0; i < runs; i++) copyFileSync(source, join(scratch, `copy-${size}-${i}`));
      result[`file_copy_${size}mb_mb_per_s`] = round((size * runs) / ((performance.now() - t) / 1000), 1);
    }
    const image = new Blob([new Uint8Array(200 * 1024).fill(9)], { type: 'image/png' });
    const samples: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      await bucket.upload(`img-${i}.png`, image);
      samples.push(performance.now() - t);
    }
    result.upload_200kb_p50_ms = round(percentile(samples, 50), 1);
    return result;
  } finally {
    await runCli(['stop', ...stack.flags]);
    rmSync(stack.dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.main) console.table(await benchStorage());

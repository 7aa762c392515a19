// Stack start-up: cold (fresh data dir: initdb, bootstrap, migrations, seed) and warm, in
// seconds until `start` returns (every service answering), and the stack's peak RSS.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { instancePaths } from '../stack/config/instance.ts';
import { readState } from '../stack/cli/state.ts';
import { runCli, testStackOptions } from '../tests/helpers/stack.ts';
import { round, treeRss } from './lib.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function timedStart(flags: string[]): Promise<number> {
  const started = performance.now();
  const result = await runCli(['start', ...flags]);
  if (result.code !== 0) throw new Error(`start failed:\n${result.stdout}${result.stderr}`);
  return (performance.now() - started) / 1000;
}

export async function benchStackStart(runs = RUNS): Promise<Record<string, number>> {
  const cold: number[] = [];
  const warm: number[] = [];
  let peakRss = 0;
  for (let run = 0; run < runs; run++) {
    const stack = await testStackOptions(join(import.meta.dirname, '..', 'supabase'));
    cold.push(await timedStart(stack.flags));
    await runCli(['stop', ...stack.flags]);
    warm.push(await timedStart(stack.flags));
    const state = readState(instancePaths(stack.dataDir).state)!;
    // Touch every service once so lazily started parts (a function worker) count too: an empty
    // booking is refused, but only after the function's worker has started.
    const touched = await fetch(`${stack.apiUrl}/functions/v1/book-appointment`, {
      method: 'POST',
      headers: {
        apikey: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    await touched.body?.cancel();
    peakRss = Math.max(peakRss, treeRss(state.pid));
    await runCli(['stop', ...stack.flags]);
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    cold_start_s_median: round(median(cold)),
    warm_start_s_median: round(median(warm)),
    cold_start_s_max: round(Math.max(...cold)),
    warm_start_s_max: round(Math.max(...warm)),
    stack_rss_mib: round(peakRss / 1024 / 1024, 0),
  };
}

if (import.meta.main) console.table(await benchStackStart());

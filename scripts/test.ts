// `npm test`: static checks, then every test tier against real services (vitest: unit and
// integration; Playwright: end-to-end in Chromium; the budgets of `npm run bench -- --check`). Prints one closing line
// "test: N passed, N failed" so any CI can read the result.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrerequisites } from './prerequisites.ts';

const reports = mkdtempSync(join(tmpdir(), 'hc-test-report-'));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  console.log(`\n> ${command} ${args.join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

let passed = 0;
let failed = 0;

// What npm install cannot bring (Chromium, setpriv, Deno's cache of the functions' imports):
// installed now where apt-get can, otherwise named in one sentence each before anything runs.
const missing = await ensurePrerequisites({ ci: false, noInstall: false });
if (missing.length > 0) {
  for (const sentence of missing) console.error(sentence);
  console.log(`\ntest: 0 passed, ${missing.length} failed`);
  process.exit(1);
}

if (run('npm', ['run', 'check']) !== 0) {
  failed += 1;
  console.error('npm run check failed.');
}

const vitestReport = join(reports, 'vitest.json');
const vitest = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
const unit = readJson<{ numPassedTests: number; numFailedTests: number }>(vitestReport);
passed += unit?.numPassedTests ?? 0;
failed += unit ? unit.numFailedTests : 1;
if (vitest !== 0 && unit?.numFailedTests === 0) failed += 1;

if (existsSync('playwright.config.ts')) {
  const e2eReport = join(reports, 'playwright.json');
  const e2e = run('npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport,
  });
  const stats = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(
    e2eReport,
  )?.stats;
  passed += (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  if (stats?.flaky)
    console.log(
      `\n${stats.flaky} end-to-end test(s) passed only on their retry (flaky; listed above as retried).`,
    );
  failed += stats ? stats.unexpected : 1;
  if (e2e !== 0 && stats?.unexpected === 0) failed += 1;
}

// The cheap budgets (client JS per route, precache, stack start): each one a test that passes or fails.
const budgetReport = join(reports, 'budgets.json');
run('npm', ['run', 'bench', '--', '--check'], { HC_BUDGET_REPORT: budgetReport });
const budgets = readJson<{ met: boolean }[]>(budgetReport);
passed += budgets?.filter((budget) => budget.met).length ?? 0;
failed += budgets ? budgets.filter((budget) => !budget.met).length : 1;

console.log(`\ntest: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

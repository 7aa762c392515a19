// `npm test`: static checks, then every test tier against real services. Prints one closing
// line "test: N passed, N failed" so any CI can read the result.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(command: string, args: string[]): number {
  console.log(`\n> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return result.status ?? 1;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
}

const checks = run('npm', ['run', 'check']);
const report = join(mkdtempSync(join(tmpdir(), 'hc-vitest-')), 'report.json');
const unit = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);

let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8')) as VitestReport;
  passed += json.numPassedTests;
  failed += json.numFailedTests;
} catch {
  failed += 1;
  console.error('vitest wrote no report; counting the run as failed.');
}
if (checks !== 0) {
  failed += 1;
  console.error('npm run check failed.');
}
if (unit !== 0 && failed === 0) failed += 1;

console.log(`\ntest: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

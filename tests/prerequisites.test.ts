import { execFile } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../stack/config/instance.ts';
import { onPath } from './helpers/chromium.ts';

const SCRIPT = join(REPO_DIR, 'scripts', 'prerequisites.ts');

function prerequisites(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stderr: string; stdout: string; ms: number }> {
  const started = performance.now();
  return new Promise((done) => {
    execFile(process.execPath, [SCRIPT, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** A PATH holding only node (and whatever `names` lists), so every other system tool is hidden. */
function barePath(names: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'hc-bare-path-'));
  for (const name of names) {
    const found = onPath(name);
    if (found) symlinkSync(found, join(dir, name));
  }
  return `${dir}:${dirname(process.execPath)}`;
}

describe('npm test, first step: what npm install cannot bring', () => {
  it('says nothing and succeeds when every tool is there', async () => {
    const run = await prerequisites(['--no-install'], { ...process.env, CHROMIUM_PATH: '' });
    expect(run.stderr + run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('stops within 10 s with one sentence when CHROMIUM_PATH names a missing browser', async () => {
    const run = await prerequisites([], { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(10_000);
    expect(run.stderr.trim()).toBe(
      "CHROMIUM_PATH is set to /nonexistent/chromium, which is not an executable file: point it at a Chromium binary, or unset it to use Debian's chromium package.",
    );
  });

  it('names the Debian package and the command for a tool missing from PATH', async () => {
    const run = await prerequisites(['--no-install', '--ci'], {
      PATH: barePath(['chromium']),
      CHROMIUM_PATH: '',
    });
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(10_000);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^npm test needs setpriv .* `sudo apt-get install util-linux`/),
      expect.stringMatching(/^npm test needs unshare .* `sudo apt-get install util-linux`/),
      expect.stringMatching(/^npm test needs ip .* `sudo apt-get install iproute2`/),
    ]);
  });
});

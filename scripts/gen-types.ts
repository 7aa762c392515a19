// `npm run gen:types`: writes src/lib/database.types.ts with the real generator behind
// `supabase gen types typescript --local`: @supabase/postgres-meta (pinned to the version the
// pinned CLI runs), started with the environment the CLI gives its container
// (supabase/cli apps/cli-go/internal/gen/types/types.go). Its output is written unchanged.
// `--check` exits 1 when the file is stale (CI). Without `--db-url` it starts a throwaway local
// stack, so migrations are the only input.
//
//   node scripts/gen-types.ts [--check] [--db-url postgresql://…] [--out path]
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadProjectConfig } from '../stack/config/project.ts';
import { REPO_DIR } from '../stack/config/instance.ts';

const require = createRequire(import.meta.url);
const PG_META_SERVER = join(
  dirname(require.resolve('@supabase/postgres-meta/package.json')),
  'dist',
  'server',
  'server.js',
);

/** The CLI's `--query-timeout` default. */
const QUERY_TIMEOUT_SECONDS = 15;

/** `public` first, then `[api] schemas` of config.toml, without repeats: the CLI's default. */
export function includedSchemas(supabaseDir = join(REPO_DIR, 'supabase')): string[] {
  return [...new Set(['public', ...loadProjectConfig(supabaseDir).api.schemas])];
}

/** Runs postgres-meta's type generator against `dbUrl` and returns what it prints. */
export function generate(dbUrl: string, schemas = includedSchemas()): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [PG_META_SERVER], {
      env: {
        PATH: process.env.PATH,
        PG_META_DB_URL: dbUrl,
        PG_CONN_TIMEOUT_SECS: String(QUERY_TIMEOUT_SECONDS),
        PG_QUERY_TIMEOUT_SECS: String(QUERY_TIMEOUT_SECONDS),
        PG_META_GENERATE_TYPES: 'typescript',
        PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: schemas.join(','),
        PG_META_GENERATE_TYPES_SWIFT_ACCESS_CONTROL: 'internal',
        PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', fail);
    child.once('close', (code) => {
      const text = Buffer.concat(out).toString('utf8');
      if (code === 0 && text.includes('export type Database')) done(text);
      else fail(new Error(`postgres-meta's type generator failed (exit ${code}):\n${err.trim()}`));
    });
  });
}

async function withDatabase<T>(dbUrl: string | undefined, work: (dbUrl: string) => Promise<T>): Promise<T> {
  if (dbUrl) return work(dbUrl);
  const { startStack, stopStack, testStackOptions } = await import('../tests/helpers/stack.ts');
  const stack = await testStackOptions();
  await startStack(stack);
  try {
    return await work(stack.dbUrl());
  } finally {
    await stopStack(stack);
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] && import.meta.filename === process.argv[1];
if (isMain) {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      'db-url': { type: 'string' },
      out: { type: 'string', default: join(REPO_DIR, 'src', 'lib', 'database.types.ts') },
    },
  });
  const text = await withDatabase(values['db-url'], (url) => generate(url));
  const out = values.out;
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // A missing file is simply stale.
  }
  if (values.check) {
    if (current !== text) {
      console.error(`${out} is out of date with supabase/migrations: run \`npm run gen:types\`.`);
      process.exit(1);
    }
    console.log(`${out} is up to date.`);
  } else {
    writeFileSync(out, text);
    console.log(current === text ? `${out} unchanged.` : `wrote ${out}`);
  }
}

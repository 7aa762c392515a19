import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startStack, stopStack, testStackOptions } from './helpers/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: { apiUrl: string; apiPort: number; dbPort: number; mailUrl: string; dataDir: string };
  }
}

/**
 * One real stack (Postgres, PostgREST, Deno, gateway …) for the whole test run, on free ports
 * and a throwaway data dir, serving the project's own supabase/ folder.
 */
export default async function setup(project: TestProject) {
  const stack = await testStackOptions();
  await startStack(stack);
  project.provide('stack', {
    apiUrl: stack.apiUrl,
    apiPort: stack.apiPort,
    dbPort: stack.dbPort,
    mailUrl: stack.mailUrl,
    dataDir: stack.dataDir,
  });
  return async () => {
    await stopStack(stack);
    if (!process.env.HC_KEEP_TEST_STACK) rmSync(stack.dataDir, { recursive: true, force: true });
  };
}

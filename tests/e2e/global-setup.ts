import { rmSync } from 'node:fs';
import { startStack, stopStack, testStackOptions, freePort } from '../helpers/stack.ts';
import { buildApp } from './support/build.ts';
import { serveStatic } from './support/serve.ts';

/**
 * The whole product as a user meets it: a real stack with the demo seed on free ports, and a
 * production build of the app served as static files. Tests read the addresses from the env.
 */
export default async function globalSetup() {
  const stack = await testStackOptions();
  await startStack(stack);
  const buildDir = buildApp(stack.apiUrl);
  const port = await freePort();
  const server = await serveStatic(buildDir, port);

  process.env.HC_E2E_BASE_URL = `http://127.0.0.1:${port}`;
  process.env.HC_E2E_API_URL = stack.apiUrl;
  process.env.HC_E2E_DB_PORT = String(stack.dbPort);
  process.env.HC_E2E_MAIL_URL = stack.mailUrl;
  process.env.HC_E2E_BUILD_DIR = buildDir;

  return async () => {
    await new Promise((resolve) => server.close(resolve));
    await stopStack(stack);
    if (!process.env.HC_KEEP_TEST_STACK) rmSync(stack.dataDir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  };
}

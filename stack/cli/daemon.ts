// The background stack process that `stack start` launches: it owns every child process,
// reports progress to the launching command over IPC, and stops everything on SIGTERM/SIGINT.
import { parseArgs } from './args.ts';
import { runStack, type RunningStack } from './supervisor.ts';

type Message = { type: 'progress'; line: string } | { type: 'ready' } | { type: 'failed'; message: string };

const send = (message: Message) => {
  if (process.connected) process.send?.(message);
};
const log = (line: string) => console.log(`[${new Date().toISOString()}] ${line}`);

const { options } = parseArgs(process.argv.slice(2));
let stack: RunningStack | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('Stopping…');
    await stack?.stop();
    log('Stopped.');
  }
  process.exit(code);
}

// A bug in one request handler must not take the whole stack down; it is logged instead.
process.on('unhandledRejection', (reason) =>
  log(`Unhandled rejection: ${String((reason as Error)?.stack ?? reason)}`),
);
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));

try {
  stack = await runStack(options, {
    progress(line) {
      log(line);
      send({ type: 'progress', line });
    },
  });
  log('Ready.');
  send({ type: 'ready' });
  process.disconnect?.();
  const message = await stack.crashed;
  log(message);
  process.exit(1);
} catch (error) {
  const message = (error as Error).message;
  log(`Start failed: ${message}`);
  send({ type: 'failed', message });
  process.exit(1);
}

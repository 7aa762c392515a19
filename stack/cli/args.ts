import { resolve } from 'node:path';
import { DEFAULT_API_PORT, defaultOptions, type StackOptions } from '../config/instance.ts';

export interface ParsedArgs {
  command: string | undefined;
  options: StackOptions;
  foreground: boolean;
}

export class UsageError extends Error {}

function port(flag: string, value: string | undefined): number {
  const number = Number(value);
  if (!value || !Number.isInteger(number) || number < 1 || number > 65535) {
    throw new UsageError(`${flag} needs a port number between 1 and 65535, got "${value ?? ''}".`);
  }
  return number;
}

/**
 * Parses `<command> [--api-port N] [--db-port N] [--mail-port N] [--data-dir PATH] [--supabase-dir PATH]
 * [--foreground]`. Without --mail-port the outbox sits at api-port + 3 (54324 next to 54321).
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const options = defaultOptions();
  let command: string | undefined;
  let foreground = false;
  let mailPortGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--api-port':
        options.apiPort = port(flag, value());
        break;
      case '--db-port':
        options.dbPort = port(flag, value());
        break;
      case '--mail-port':
        options.mailPort = port(flag, value());
        mailPortGiven = true;
        break;
      case '--data-dir': {
        const dir = value();
        if (!dir) throw new UsageError('--data-dir needs a path.');
        options.dataDir = resolve(dir);
        break;
      }
      case '--supabase-dir': {
        const dir = value();
        if (!dir) throw new UsageError('--supabase-dir needs a path.');
        options.supabaseDir = resolve(dir);
        break;
      }
      case '--foreground':
        foreground = true;
        break;
      default:
        if (flag?.startsWith('-') || command) throw new UsageError(`Unknown argument "${arg}".`);
        command = flag;
    }
  }
  if (!mailPortGiven && options.apiPort !== DEFAULT_API_PORT) options.mailPort = options.apiPort + 3;
  if (new Set([options.apiPort, options.dbPort, options.mailPort]).size !== 3) {
    throw new UsageError('--api-port, --db-port and --mail-port must all differ.');
  }
  return { command, options, foreground };
}

/** The same options as flags, to hand to the background stack process. */
export function toArgs(options: StackOptions): string[] {
  return [
    '--api-port',
    String(options.apiPort),
    '--db-port',
    String(options.dbPort),
    '--mail-port',
    String(options.mailPort),
    '--data-dir',
    options.dataDir,
    '--supabase-dir',
    options.supabaseDir,
  ];
}

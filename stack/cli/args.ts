import { resolve } from 'node:path';
import { parseArgs as parseFlags } from 'node:util';
import { DEFAULT_API_PORT, defaultOptions, type StackOptions } from '../config/instance.ts';

export interface ParsedArgs {
  command: string | undefined;
  options: StackOptions;
  foreground: boolean;
}

export class UsageError extends Error {}

function port(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!value || !Number.isInteger(number) || number < 1 || number > 65535) {
    throw new UsageError(`--${flag} needs a port number between 1 and 65535, got "${value}".`);
  }
  return number;
}

function path(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!value) throw new UsageError(`--${flag} needs a path.`);
  return resolve(value);
}

/** node:util's messages name the flag in its own words; ours say what to type instead. */
function flags(argv: string[]) {
  try {
    return parseFlags({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'api-port': { type: 'string' },
        'db-port': { type: 'string' },
        'mail-port': { type: 'string' },
        'data-dir': { type: 'string' },
        'supabase-dir': { type: 'string' },
        foreground: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const option = /'(-[^'\s]+)/.exec((error as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new UsageError(`Unknown argument "${option ?? argv.join(' ')}".`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = option?.replace(/^-+/, '').split(/[ =]/)[0] ?? '';
      throw new UsageError(
        flag.endsWith('-dir')
          ? `--${flag} needs a path.`
          : `--${flag} needs a port number between 1 and 65535.`,
      );
    }
    throw new UsageError((error as Error).message);
  }
}

/**
 * Parses `<command> [--api-port N] [--db-port N] [--mail-port N] [--data-dir PATH] [--supabase-dir PATH]
 * [--foreground]` with node:util's parseArgs. Without --mail-port the outbox sits at api-port + 3
 * (54324 next to 54321).
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const { values, positionals } = flags(argv);
  if (positionals.length > 1) throw new UsageError(`Unknown argument "${positionals[1]}".`);
  const defaults = defaultOptions();
  const options: StackOptions = {
    ...defaults,
    apiPort: port('api-port', values['api-port']) ?? defaults.apiPort,
    dbPort: port('db-port', values['db-port']) ?? defaults.dbPort,
    mailPort: port('mail-port', values['mail-port']) ?? defaults.mailPort,
    dataDir: path('data-dir', values['data-dir']) ?? defaults.dataDir,
    supabaseDir: path('supabase-dir', values['supabase-dir']) ?? defaults.supabaseDir,
  };
  if (values['mail-port'] === undefined && options.apiPort !== DEFAULT_API_PORT)
    options.mailPort = options.apiPort + 3;
  if (new Set([options.apiPort, options.dbPort, options.mailPort]).size !== 3) {
    throw new UsageError('--api-port, --db-port and --mail-port must all differ.');
  }
  return { command: positionals[0], options, foreground: values.foreground };
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

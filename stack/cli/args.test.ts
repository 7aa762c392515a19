import { describe, expect, it } from 'vitest';
import { parseArgs, toArgs, UsageError } from './args.ts';

describe('stack CLI arguments', () => {
  it('takes the command and ports, and moves the mail port next to a custom API port', () => {
    const { command, options, foreground } = parseArgs(['start', '--api-port', '55421', '--db-port=55422']);
    expect(command).toBe('start');
    expect(options).toMatchObject({ apiPort: 55421, dbPort: 55422, mailPort: 55424 });
    expect(foreground).toBe(false);
  });

  it('round-trips through toArgs, as the background process receives them', () => {
    const first = parseArgs([
      'start',
      '--api-port',
      '56001',
      '--mail-port',
      '56009',
      '--data-dir',
      'tmp/x',
      '--foreground',
    ]);
    const again = parseArgs(['start', ...toArgs(first.options)]);
    expect(again.options).toEqual(first.options);
    expect(first.foreground).toBe(true);
  });

  it.each([
    [['start', '--api-port'], '--api-port needs a port number between 1 and 65535.'],
    [['start', '--api-port', '70000'], '--api-port needs a port number between 1 and 65535, got "70000".'],
    [['start', '--db-port', 'x'], '--db-port needs a port number between 1 and 65535, got "x".'],
    [['start', '--data-dir'], '--data-dir needs a path.'],
    [['start', '--bogus'], 'Unknown argument "--bogus".'],
    [['start', 'stop'], 'Unknown argument "stop".'],
    [
      ['start', '--api-port', '55421', '--db-port', '55421'],
      '--api-port, --db-port and --mail-port must all differ.',
    ],
  ])('refuses %j with a sentence', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(new UsageError(message));
  });
});

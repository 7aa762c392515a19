import { describe, expect, it } from 'vitest';
import { parseIceServers } from './ice.ts';

describe('ICE servers from configuration', () => {
  it('reads a JSON array of servers', () => {
    const warnings: string[] = [];
    const servers = parseIceServers(
      '[{"urls":"stun:stun.example.org:3478"},{"urls":["turn:turn.example.org"],"username":"u","credential":"p"}]',
      (m) => warnings.push(m),
    );
    expect(servers).toEqual([
      { urls: 'stun:stun.example.org:3478' },
      { urls: ['turn:turn.example.org'], username: 'u', credential: 'p' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('treats an empty value as no servers, silently', () => {
    const warnings: string[] = [];
    expect(parseIceServers('', (m) => warnings.push(m))).toEqual([]);
    expect(parseIceServers(undefined, (m) => warnings.push(m))).toEqual([]);
    expect(parseIceServers('[]', (m) => warnings.push(m))).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('warns and uses no servers for invalid JSON or a non-array', () => {
    for (const raw of ['{not json', '{"urls":"stun:x"}', '"stun:x"', 'null']) {
      const warnings: string[] = [];
      expect(parseIceServers(raw, (m) => warnings.push(m))).toEqual([]);
      expect(warnings).toHaveLength(1);
    }
  });

  it('drops entries without valid urls and warns once', () => {
    const warnings: string[] = [];
    const servers = parseIceServers(
      '[{"urls":"stun:ok"},{"urls":"http://nope"},{"url":"stun:old"},{"urls":[]},{"urls":"turn:x","credential":5},7]',
      (m) => warnings.push(m),
    );
    expect(servers).toEqual([{ urls: 'stun:ok' }]);
    expect(warnings).toHaveLength(1);
  });
});

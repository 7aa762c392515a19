import { describe, expect, it } from 'vitest';
import { decide, parseFilter } from './filters.ts';

const f = (text: string) => parseFilter(text)!;

describe('postgres_changes filters on WAL values', () => {
  it('compares uuids, integers and booleans as Postgres types them', () => {
    const id = '3f0e2a3f-7e87-4fdc-866a-52ab1792b481';
    expect(decide(f(`owner=eq.${id.toUpperCase()}`), 'uuid', id)).toBe(true);
    expect(decide(f('owner=eq.3f0e2a3f7e874fdc866a52ab1792b481'), 'uuid', id)).toBe(true);
    expect(decide(f(`owner=neq.${id}`), 'uuid', id)).toBe(false);
    expect(decide(f('room=eq.05'), 'int4', '5')).toBe(true);
    expect(decide(f('room=gt.9'), 'int8', '10')).toBe(true);
    expect(decide(f('room=in.(1,4)'), 'int2', '4')).toBe(true);
    expect(decide(f('room=lte.9007199254740993'), 'int8', '9007199254740992')).toBe(true);
    expect(decide(f('done=eq.true'), 'bool', 't')).toBe(true);
    expect(decide(f('done=eq.false'), 'bool', 't')).toBe(false);
  });

  it('matches nothing on NULL, an unchanged TOAST value, or a value the type rejects', () => {
    expect(decide(f('body=eq.x'), 'text', null)).toBe(false);
    expect(decide(f('body=eq.x'), 'text', undefined)).toBe(false);
    expect(decide(f('owner=eq.not-a-uuid'), 'uuid', '3f0e2a3f-7e87-4fdc-866a-52ab1792b481')).toBe(false);
    expect(decide(f('room=eq.abc'), 'int4', '5')).toBe(false);
  });

  it('leaves text ordering and other types to Postgres', () => {
    expect(decide(f('body=eq.hello'), 'text', 'hello')).toBe(true);
    expect(decide(f('body=lt.b'), 'text', 'a')).toBeUndefined();
    expect(decide(f('score=gt.1.5'), 'numeric', '2')).toBeUndefined();
    expect(decide(f('at=gt.2026-01-01'), 'timestamptz', '2026-12-02 10:00:00+00')).toBeUndefined();
  });
});

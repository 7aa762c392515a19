import { describe, expect, it } from 'vitest';
import { reasonCopy, reasonProblem } from './reason.ts';

describe('reasonProblem', () => {
  it('needs a reason of 3 to 500 characters', () => {
    expect(reasonProblem('  ')).toMatch(/at least 3/);
    expect(reasonProblem('x'.repeat(501))).toMatch(/under 500/);
    expect(reasonProblem('Feeling better')).toBeNull();
  });

  it('requires a short reason unless it is optional, and caps its length', () => {
    expect(reasonProblem('  ')).toBe(reasonCopy.short);
    expect(reasonProblem('no')).toBe(reasonCopy.short);
    expect(reasonProblem('Licence expired')).toBeNull();
    expect(reasonProblem('', false)).toBeNull();
    expect(reasonProblem('ok', false)).toBe(reasonCopy.short);
    expect(reasonProblem('x'.repeat(501))).toBe(reasonCopy.long(500));
  });
});

import { describe, expect, it } from 'vitest';
import { redirectPattern } from './guards.ts';

describe('redirect URL patterns', () => {
  it('allows an exact URL and the paths below it', () => {
    const pattern = redirectPattern('http://127.0.0.1:5173');
    expect(pattern.test('http://127.0.0.1:5173')).toBe(true);
    expect(pattern.test('http://127.0.0.1:5173/update-password')).toBe(true);
    expect(pattern.test('http://127.0.0.1:51730/update-password')).toBe(false);
    expect(pattern.test('http://127.0.0.1:5173.evil.test/')).toBe(false);
  });

  it('matches one segment with * and any number with **', () => {
    const pattern = redirectPattern('http://127.0.0.1:*/**');
    expect(pattern.test('http://127.0.0.1:41234/update-password')).toBe(true);
    expect(pattern.test('http://127.0.0.1:41234/a/b?x=1')).toBe(true);
    expect(pattern.test('http://127.0.0.1.evil.test:80/')).toBe(false);
    expect(redirectPattern('https://*.example.com').test('https://app.example.com')).toBe(true);
    expect(redirectPattern('https://*.example.com').test('https://a.b.example.com')).toBe(false);
  });
});

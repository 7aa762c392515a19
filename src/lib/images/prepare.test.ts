import { describe, expect, it } from 'vitest';
import { extensionFor, fitWithin, imageFileProblem } from './prepare.ts';

describe('picking a picture', () => {
  it('accepts a normal photo', () => {
    expect(imageFileProblem({ name: 'me.jpg', type: 'image/jpeg', size: 2_000_000 })).toBeNull();
  });

  it('refuses a file that is not a picture, naming it', () => {
    expect(imageFileProblem({ name: 'report.pdf', type: 'application/pdf', size: 1000 })).toMatch(
      /“report.pdf” is not a picture/,
    );
    expect(imageFileProblem({ name: 'vector.svg', type: 'image/svg+xml', size: 1000 })).toMatch(
      /not a picture/,
    );
  });

  it('refuses a 30 MB photo with its size and the limit', () => {
    expect(imageFileProblem({ name: 'huge.jpg', type: 'image/jpeg', size: 30 * 1024 * 1024 })).toBe(
      '“huge.jpg” is 30 MB; pictures can be at most 20 MB.',
    );
  });

  it('refuses an empty file', () => {
    expect(imageFileProblem({ name: 'x.png', type: 'image/png', size: 0 })).toMatch(/empty/);
  });

  it('scales the longer side down and never up', () => {
    expect(fitWithin(4000, 3000, 512)).toEqual({ width: 512, height: 384 });
    expect(fitWithin(3000, 4000, 512)).toEqual({ width: 384, height: 512 });
    expect(fitWithin(200, 100, 512)).toEqual({ width: 200, height: 100 });
  });

  it('names files by their encoding', () => {
    expect(extensionFor('image/webp')).toBe('webp');
    expect(extensionFor('image/jpeg')).toBe('jpg');
  });
});

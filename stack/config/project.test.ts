import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjectConfig, parseSeconds, parseSize } from './project.ts';

describe('config.toml', () => {
  it('reads the project’s own config.toml', () => {
    const config = loadProjectConfig(join(import.meta.dirname, '..', '..', 'supabase'));
    expect(config.projectId).toBe('health-connect');
    expect(config.api.maxRows).toBe(1000);
    // The licence bucket as its migration makes it, with the demo documents to upload.
    expect(config.storage.buckets['licence-documents']).toEqual({
      public: false,
      fileSizeLimit: 10 * 1024 * 1024,
      allowedMimeTypes: ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'],
      objectsPath: './seed/licence-documents',
    });
  });

  it('falls back to the CLI defaults when the file is missing, and names a broken file', () => {
    const empty = mkdtempSync(join(tmpdir(), 'hc-config-'));
    expect(loadProjectConfig(empty).auth.jwtExpiry).toBe(3600);
    writeFileSync(join(empty, 'config.toml'), 'project_id = ');
    expect(() => loadProjectConfig(empty)).toThrow(/supabase\/config\.toml/);
    writeFileSync(
      join(empty, 'config.toml'),
      '[functions.hook]\nverify_jwt = false\n[functions.off]\nenabled = false\n',
    );
    expect(loadProjectConfig(empty).functions).toEqual({
      hook: { verifyJwt: false, enabled: true },
      off: { verifyJwt: true, enabled: false },
    });
  });

  it('parses sizes and durations as the CLI writes them', () => {
    expect(parseSize('50MiB', 0)).toBe(50 * 1024 * 1024);
    expect(parseSize('1MB', 0)).toBe(1_000_000);
    expect(parseSize('nonsense', 7)).toBe(7);
    expect(parseSeconds('2m', 0)).toBe(120);
    expect(parseSeconds('1s', 0)).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { checkLicenceFile, LICENCE_MAX_BYTES, licenceSizeProblem, licenceTypeOf } from './document.ts';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(
    values.flatMap((value) => (typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [value])),
  );

function file(content: BlobPart[], name: string, type = ''): Blob & { name: string } {
  return new File(content, name, { type });
}

describe('licenceTypeOf', () => {
  it('reads the type from the first bytes', () => {
    expect(licenceTypeOf(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(licenceTypeOf(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(licenceTypeOf(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
    expect(licenceTypeOf(bytes('RIFF', 0, 0, 0, 0, 'WEBP'))).toBe('image/webp');
  });

  it('knows nothing else', () => {
    expect(licenceTypeOf(bytes('hello, this is text'))).toBeNull();
    expect(licenceTypeOf(bytes('%PD'))).toBeNull();
    expect(licenceTypeOf(bytes('RIFF', 0, 0, 0, 0, 'WAVE'))).toBeNull();
    expect(licenceTypeOf(bytes('GIF89a'))).toBeNull();
    expect(licenceTypeOf(new Uint8Array())).toBeNull();
  });
});

describe('licenceSizeProblem', () => {
  it('refuses empty files and files over 10 MB', () => {
    expect(licenceSizeProblem({ name: 'a.pdf', size: 0 })).toMatch(/“a.pdf” is empty/);
    expect(licenceSizeProblem({ name: 'big.pdf', size: LICENCE_MAX_BYTES + 1 })).toMatch(
      /“big.pdf” is 10 MB; the licence document can be at most 10 MB/,
    );
    expect(licenceSizeProblem({ name: 'huge.pdf', size: 11 * 1024 * 1024 })).toMatch(/is 11 MB/);
    expect(licenceSizeProblem({ name: 'ok.pdf', size: LICENCE_MAX_BYTES })).toBeNull();
  });
});

describe('checkLicenceFile', () => {
  it('accepts a PDF whatever its declared type, and names the type it will be uploaded as', async () => {
    await expect(
      checkLicenceFile(file(['%PDF-1.4\n%…'], 'licence', 'application/octet-stream')),
    ).resolves.toEqual({
      ok: true,
      type: 'application/pdf',
      extension: 'pdf',
    });
  });

  it('refuses a text file named .pdf, and says what to upload instead', async () => {
    const result = await checkLicenceFile(file(['not a licence'], 'licence.pdf', 'application/pdf'));
    expect(result).toEqual({
      ok: false,
      message:
        '“licence.pdf” is not a PDF or a picture. Upload your licence as a PDF, JPEG, PNG or WebP file.',
    });
  });

  it('refuses a file over 10 MB before reading it', async () => {
    const result = await checkLicenceFile(file([new Uint8Array(LICENCE_MAX_BYTES + 1)], 'scan.png'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/at most 10 MB/);
  });
});

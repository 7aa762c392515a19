import { StorageError, storageErrors } from '../errors.ts';

/** How many leading bytes `imageTypeOf` needs to recognise every format it knows. */
export const IMAGE_HEAD_BYTES = 32;

/** The raster formats a picture bucket may hold, each recognised by its file signature. */
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/heic', 'image/heif'];

/** ISO-BMFF brands of HEIF/HEIC files (ISO/IEC 23008-12, Annex B). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avci']);

function startsWith(head: Buffer, bytes: number[], at = 0): boolean {
  return bytes.every((byte, i) => head[at + i] === byte);
}

/**
 * The image format named by a file's first bytes (its "magic number"), or null when they are
 * not a PNG, JPEG, WebP, GIF or HEIC/HEIF file.
 * @example imageTypeOf(Buffer.from('89504e470d0a1a0a', 'hex')) // 'image/png'
 */
export function imageTypeOf(head: Buffer): string | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  if (/^GIF8[79]a$/.test(head.toString('latin1', 0, 6))) return 'image/gif';
  if (head.toString('latin1', 4, 8) === 'ftyp' && HEIF_BRANDS.has(head.toString('latin1', 8, 12)))
    return 'image/heic';
  return null;
}

/** A bucket holds only pictures when every type it allows is one of the raster formats (or image/*). */
export function isImageBucket(allowed: string[] | null): boolean {
  if (!allowed || allowed.length === 0) return false;
  return allowed.every((type) => {
    const bare = type.trim().toLowerCase();
    return bare === 'image/*' || IMAGE_TYPES.includes(bare);
  });
}

const SAME_FORMAT: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/heif': 'image/heic' };

/**
 * Refuses bytes that are not the picture they claim to be. Browsers sniff content, so an HTML
 * page stored as "image/png" would still be a page to some of them; the declared type is only
 * the client's word, the signature is the file's.
 */
export function checkImageContent(declared: string, head: Buffer): void {
  const claimed = declared.split(';')[0]!.trim().toLowerCase();
  const actual = imageTypeOf(head);
  if (!actual) {
    throw new StorageError(
      storageErrors.invalidMimeType,
      `The file is not a ${claimed} picture: its content is not a PNG, JPEG, WebP, GIF or HEIC image`,
    );
  }
  if ((SAME_FORMAT[claimed] ?? claimed) !== actual) {
    throw new StorageError(
      storageErrors.invalidMimeType,
      `The file was sent as ${claimed} but its content is ${actual}`,
    );
  }
}

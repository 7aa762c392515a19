import { copy } from './copy.ts';

/** The licence-documents bucket's limit (20260307000200_doctor_verification.sql): 10 MB. */
export const LICENCE_MAX_BYTES = 10 * 1024 * 1024;

/** The types the bucket allows, in the order the form names them. */
export const LICENCE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;

export type LicenceType = (typeof LICENCE_TYPES)[number];

/** `accept` for the file input: the browser's picker offers what the bucket takes. */
export const LICENCE_ACCEPT = ['.pdf', '.jpg', '.jpeg', '.png', '.webp', ...LICENCE_TYPES].join(',');

/** How many leading bytes `licenceTypeOf` reads. */
export const LICENCE_HEAD_BYTES = 12;

const EXTENSIONS: Record<LicenceType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

function startsWith(head: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return bytes.every((byte, index) => head[at + index] === byte);
}

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/**
 * The document type named by a file's first bytes, or null when they are not a PDF, JPEG, PNG
 * or WebP file. Storage trusts the type the upload declares (the bucket's `allowed_mime_types`),
 * so the app declares the type it read from the bytes, never the file name's.
 * @example licenceTypeOf(new TextEncoder().encode('%PDF-1.7')) // 'application/pdf'
 */
export function licenceTypeOf(head: Uint8Array): LicenceType | null {
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** The file name ending the upload gets for a type. */
export function licenceExtension(type: LicenceType): string {
  return EXTENSIONS[type];
}

/** Why a file's size rules it out before anything is read, or null. */
export function licenceSizeProblem(file: { name: string; size: number }): string | null {
  if (file.size === 0) return copy.file.empty(file.name);
  if (file.size > LICENCE_MAX_BYTES) return copy.file.tooLarge(file.name, file.size, LICENCE_MAX_BYTES);
  return null;
}

export type CheckedLicence =
  { ok: true; type: LicenceType; extension: string } | { ok: false; message: string };

/**
 * Checks a picked licence document as Storage will (size, type) and, beyond that, by its
 * content: a text file renamed to .pdf is refused here, before anything is uploaded.
 */
export async function checkLicenceFile(file: Blob & { name: string }): Promise<CheckedLicence> {
  const sizeProblem = licenceSizeProblem(file);
  if (sizeProblem) return { ok: false, message: sizeProblem };
  const head = new Uint8Array(await file.slice(0, LICENCE_HEAD_BYTES).arrayBuffer());
  const type = licenceTypeOf(head);
  if (!type) return { ok: false, message: copy.file.wrongType(file.name) };
  return { ok: true, type, extension: licenceExtension(type) };
}

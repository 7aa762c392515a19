import { IMAGE_ACCEPT, imageFileProblem, prepareImage, extensionFor } from '../images/prepare.ts';

/** Pictures on the record are kept at most this many pixels on their longer side: enough to read a lab sheet. */
export const DOCUMENT_IMAGE_MAX_SIDE = 2400;

/** `accept` for the document picker: PDFs and every picture `prepareImage` reads. */
export const DOCUMENT_ACCEPT = `application/pdf,${IMAGE_ACCEPT}`;

/**
 * What is uploaded for a picked file: a PDF as it is; a picture resized and re-encoded, which
 * leaves its EXIF and GPS data behind (as avatars and chat pictures are). Throws an Error with a
 * sentence when a picture cannot be used.
 * @example const { blob, name } = await documentFile(file); // "scan.jpg" → "scan.webp"
 */
export async function documentFile(file: File): Promise<{ blob: Blob; name: string }> {
  if (!file.type.startsWith('image/')) return { blob: file, name: file.name };
  const problem = imageFileProblem(file);
  if (problem) throw new Error(problem);
  const prepared = await prepareImage(file, DOCUMENT_IMAGE_MAX_SIDE, 0.9);
  const stem = file.name.replace(/\.[^.]*$/, '') || 'picture';
  return { blob: prepared.blob, name: `${stem}.${extensionFor(prepared.type)}` };
}

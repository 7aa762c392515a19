/** The largest picture we accept from the device, before resizing. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

const ACCEPTED = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/heic',
  'image/heif',
  'image/avif',
];

/** `accept` for a file input that takes the pictures `prepareImage` can read. */
export const IMAGE_ACCEPT = ACCEPTED.join(',');

/** Why a picked file cannot be used as a picture, in words a person understands; null if it can. */
export function imageFileProblem(file: { type: string; size: number; name: string }): string | null {
  if (!file.type.startsWith('image/') || !ACCEPTED.includes(file.type)) {
    return `“${file.name}” is not a picture. Choose a JPEG, PNG, WebP, GIF or HEIC image.`;
  }
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > MAX_INPUT_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(0);
    return `“${file.name}” is ${mb} MB; pictures can be at most ${MAX_INPUT_BYTES / 1024 / 1024} MB.`;
  }
  return null;
}

/** The size to draw a `width`×`height` picture at so its longer side is at most `maxSide`. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface PreparedImage {
  blob: Blob;
  width: number;
  height: number;
  type: string;
}

/**
 * Decodes a picture, scales it down and re-encodes it. Re-encoding from pixels keeps nothing
 * of the original file but the image: EXIF, GPS position and camera data are gone. The
 * orientation is applied first (`imageOrientation: 'from-image'`), so photos stay upright.
 */
export async function prepareImage(file: Blob, maxSide: number, quality = 0.85): Promise<PreparedImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new Error('This picture could not be read. Try a JPEG or PNG.');
  }
  const size = fitWithin(bitmap.width, bitmap.height, maxSide);
  const canvas = new OffscreenCanvas(size.width, size.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot resize pictures.');
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  bitmap.close();
  const type = 'image/webp';
  let blob = await canvas.convertToBlob({ type, quality });
  // Browsers without a WebP encoder fall back to PNG; JPEG is far smaller for photos.
  if (blob.type !== type) blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
  return { blob, ...size, type: blob.type };
}

/** The file extension for an encoded picture's MIME type. */
export function extensionFor(type: string): string {
  return type === 'image/webp' ? 'webp' : type === 'image/png' ? 'png' : 'jpg';
}

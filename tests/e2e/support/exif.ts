import type { Page } from '@playwright/test';

/** Marker text written into the test photo's EXIF, so a test can look for it in what is stored. */
export const EXIF_MARKER = 'HC-SECRET-PLACE';

/**
 * A JPEG with an EXIF block (APP1) holding an image description and a GPS position, as a phone
 * camera writes one, inserted straight after the start-of-image marker of `jpeg`.
 * Layout: TIFF header, IFD0 (ImageDescription, GPS IFD pointer), GPS IFD (latitude ref, latitude).
 */
export function withExifGps(jpeg: Buffer): Buffer {
  const tiff = Buffer.alloc(108);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  // IFD0 at 8: two entries, then "no next IFD".
  tiff.writeUInt16LE(2, 8);
  entry(tiff, 10, 0x010e, 2, 16, 38); // ImageDescription → 38
  entry(tiff, 22, 0x8825, 4, 1, 54); // GPSInfo IFD → 54
  tiff.writeUInt32LE(0, 34);
  tiff.write(`${EXIF_MARKER}\0`, 38, 'latin1');
  // GPS IFD at 54.
  tiff.writeUInt16LE(2, 54);
  entry(tiff, 56, 0x0001, 2, 2, Buffer.from('N\0\0\0', 'latin1').readUInt32LE(0)); // GPSLatitudeRef "N"
  entry(tiff, 68, 0x0002, 5, 3, 84); // GPSLatitude → 84
  tiff.writeUInt32LE(0, 80);
  for (const [index, [numerator, denominator]] of [
    [52, 1],
    [31, 1],
    [1234, 100],
  ].entries()) {
    tiff.writeUInt32LE(numerator!, 84 + index * 8);
    tiff.writeUInt32LE(denominator!, 88 + index * 8);
  }
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  if (jpeg.readUInt16BE(0) !== 0xffd8) throw new Error('not a JPEG');
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

function entry(buffer: Buffer, at: number, tag: number, type: number, count: number, value: number) {
  buffer.writeUInt16LE(tag, at);
  buffer.writeUInt16LE(type, at + 2);
  buffer.writeUInt32LE(count, at + 4);
  buffer.writeUInt32LE(value, at + 8);
}

/** Whether encoded image bytes carry any EXIF/XMP metadata block or the test's marker. */
export function hasMetadata(bytes: Buffer): boolean {
  const text = bytes.toString('latin1');
  return (
    text.includes('Exif') || text.includes('EXIF') || text.includes('XMP ') || text.includes(EXIF_MARKER)
  );
}

/** A 2400×1600 camera-like JPEG drawn by the browser, with EXIF GPS added. */
export async function photoWithGps(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(2400, 1600);
    const context = canvas.getContext('2d')!;
    const gradient = context.createLinearGradient(0, 0, 2400, 1600);
    gradient.addColorStop(0, '#0e7490');
    gradient.addColorStop(1, '#f59e0b');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 2400, 1600);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  return withExifGps(Buffer.from(base64, 'base64'));
}

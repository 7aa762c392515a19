import { StorageError, storageErrors } from '../errors.ts';

/** Object names Supabase Storage accepts (compat doc §5.3): printable ASCII from a fixed set. */
const KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]+$/;
const BUCKET = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]+$/;

/**
 * Validates an object key from a URL or body: no traversal, no absolute paths, no empty
 * segments, nothing outside the allowed characters, at most 1024 bytes.
 */
export function checkKey(key: string): string {
  const invalid = (why: string) => new StorageError(storageErrors.invalidKey, `Invalid key: ${why}`);
  if (!key) throw invalid('empty name');
  if (Buffer.byteLength(key) > 1024) throw invalid('name is longer than 1024 bytes');
  if (!KEY.test(key)) throw invalid(key);
  if (key.startsWith('/') || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw invalid(key);
  }
  return key;
}

export function checkBucketName(name: unknown): string {
  if (typeof name !== 'string' || !name || name.length > 100 || name.trim() !== name || !BUCKET.test(name)) {
    throw new StorageError(storageErrors.invalidBucketName);
  }
  return name;
}

/** Splits `<bucket>/<key…>` from a URL path remainder, decoding percent-escapes once. */
export function bucketAndKey(rest: string): { bucket: string; key: string } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    throw new StorageError(storageErrors.invalidKey, 'Invalid key: malformed escape');
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0) throw new StorageError(storageErrors.invalidKey, 'Invalid key: empty name');
  return { bucket: decoded.slice(0, slash), key: checkKey(decoded.slice(slash + 1)) };
}

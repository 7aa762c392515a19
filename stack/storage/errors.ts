import type { ServerResponse } from 'node:http';

/**
 * Supabase Storage's errors (compat doc §5.1). The body carries the intended status as a string;
 * the HTTP status is 400 for every non-500 error, as the real service answers.
 */
export const storageErrors = {
  noSuchKey: ['404', 'NoSuchKey', 'not_found', 'Object not found'],
  noSuchBucket: ['404', 'NoSuchBucket', 'Bucket not found', 'Bucket not found'],
  accessDenied: ['403', 'AccessDenied', 'Unauthorized', 'new row violates row-level security policy'],
  alreadyExists: ['409', 'ResourceAlreadyExists', 'Duplicate', 'The resource already exists'],
  entityTooLarge: [
    '413',
    'EntityTooLarge',
    'Payload too large',
    'The object exceeded the maximum allowed size',
  ],
  invalidMimeType: ['415', 'InvalidMimeType', 'invalid_mime_type', 'mime type is not supported'],
  invalidKey: ['400', 'InvalidKey', 'InvalidKey', 'Invalid key'],
  invalidBucketName: ['400', 'InvalidBucketName', 'Invalid Input', 'Bucket name invalid'],
  notEmpty: ['409', 'ResourceNotEmpty', 'ResourceNotEmpty', 'The bucket you tried to delete is not empty'],
  invalidJwt: ['400', 'InvalidJWT', 'InvalidJWT', 'jwt malformed'],
  invalidSignature: ['400', 'InvalidSignature', 'InvalidSignature', 'The url does not match the signature'],
  invalidRequest: ['400', 'InvalidRequest', 'Bad Request', 'Invalid request'],
  invalidParameter: ['400', 'InvalidParameter', 'InvalidParameter', 'Invalid Parameter'],
  noContent: ['400', 'InvalidRequest', 'Bad Request', 'No content provided'],
  rangeNotSatisfiable: [
    '416',
    'InvalidRange',
    'Range Not Satisfiable',
    'The requested range is not satisfiable',
  ],
  internal: ['500', 'InternalError', 'Internal', 'Internal Server Error'],
} as const satisfies Record<string, readonly [string, string, string, string]>;

export type StorageErrorSpec = readonly [string, string, string, string];

export class StorageError extends Error {
  readonly statusCode: string;
  readonly code: string;
  readonly legacy: string;
  /** A real HTTP status for the few errors Supabase does not fold into 400. */
  readonly httpStatus: number | undefined;
  constructor(spec: StorageErrorSpec, message?: string, httpStatus?: number) {
    super(message ?? spec[3]);
    [this.statusCode, this.code, this.legacy] = spec;
    this.httpStatus = httpStatus;
  }
}

export function sendStorageError(res: ServerResponse, error: StorageError): void {
  const status = error.httpStatus ?? (error.statusCode === '500' ? 500 : 400);
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      statusCode: error.statusCode,
      code: error.code,
      error: error.legacy,
      message: error.message,
    }),
  );
}

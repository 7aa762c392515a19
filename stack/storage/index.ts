import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnSocket, servicePool, type StartService } from '../config/service.ts';
import { StorageError, sendStorageError, storageErrors } from './errors.ts';
import { readJson, type Handler, type StorageContext } from './internal/context.ts';
import { translate } from './internal/caller.ts';
import { Disk } from './internal/disk.ts';
import { SWEEP_LIMIT, sweepOrphans } from './internal/sweep.ts';
import {
  createBucket,
  deleteBucket,
  emptyBucket,
  getBucket,
  listBuckets,
  updateBucket,
} from './routes/bucket.ts';
import { copyObject, moveObject, removeObjects, signObject, signObjects } from './routes/manage.ts';
import { listObjects, listObjectsV2Route } from './routes/list.ts';
import { objectInfo, readObject } from './routes/read.ts';
import { createSignedUpload, uploadObject, uploadToSignedUrl } from './routes/upload.ts';

type Route = [method: string, pattern: RegExp, handler: Handler];

/** Storage's routes (compat doc §5.2–5.3); the first capture group is the handler's `rest`. */
const ROUTES: Route[] = [
  ['GET', /^\/bucket\/?$/, listBuckets],
  ['POST', /^\/bucket\/?$/, createBucket],
  ['POST', /^\/bucket\/(.+\/empty)$/, emptyBucket],
  ['GET', /^\/bucket\/(.+)$/, getBucket],
  ['PUT', /^\/bucket\/(.+)$/, updateBucket],
  ['DELETE', /^\/bucket\/(.+)$/, deleteBucket],
  ['POST', /^\/object\/list\/(.+)$/, listObjects],
  ['POST', /^\/object\/list-v2\/(.+)$/, listObjectsV2Route],
  ['POST', /^\/object\/move$/, moveObject],
  ['POST', /^\/object\/copy$/, copyObject],
  ['POST', /^\/object\/upload\/sign\/(.+)$/, createSignedUpload],
  ['PUT', /^\/object\/upload\/sign\/(.+)$/, uploadToSignedUrl],
  ['POST', /^\/object\/sign\/([^/]+\/.+)$/, signObject],
  ['POST', /^\/object\/sign\/([^/]+)$/, signObjects],
  ['GET', /^\/object\/sign\/(.+)$/, readObject('signed')],
  ['GET', /^\/object\/public\/(.+)$/, readObject('public')],
  ['HEAD', /^\/object\/public\/(.+)$/, readObject('public')],
  ['GET', /^\/object\/authenticated\/(.+)$/, readObject('authenticated')],
  ['HEAD', /^\/object\/authenticated\/(.+)$/, readObject('authenticated')],
  ['GET', /^\/object\/info\/(.+)$/, objectInfo],
  ['DELETE', /^\/object\/([^/]+)\/?$/, removeObjects],
  ['POST', /^\/object\/([^/]+\/.+)$/, uploadObject],
  ['PUT', /^\/object\/([^/]+\/.+)$/, uploadObject],
  ['GET', /^\/object\/([^/]+\/.+)$/, readObject('either')],
  ['HEAD', /^\/object\/([^/]+\/.+)$/, readObject('either')],
];

/**
 * The Storage service: object bytes on local disk, metadata in storage.buckets/objects,
 * every metadata access made as the caller so the project's RLS policies decide.
 */
export const start: StartService = async (context) => {
  const pool = servicePool(context, 'supabase_storage_admin');
  const ctx: StorageContext = {
    pool,
    disk: new Disk(context.paths.storage),
    globalLimit: context.project.storage.fileSizeLimit,
  };
  const swept = await sweepOrphans(pool, ctx.disk);
  if (swept > 0) {
    context.log(
      `removed ${swept} object file(s) no row refers to (left by a crash mid-upload)` +
        (swept >= SWEEP_LIMIT ? `; stopped at ${SWEEP_LIMIT}, the rest go at the next start` : ''),
    );
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://storage');
    // The raw (still percent-encoded) path, so an encoded "../" is judged after one decoding.
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      for (const [method, pattern, handler] of ROUTES) {
        const match = method === req.method ? pattern.exec(path) : null;
        if (!match) continue;
        let body: Promise<Record<string, unknown>> | undefined;
        return await handler(ctx, {
          req,
          res,
          url,
          rest: match[1] ?? '',
          json: () => (body ??= readJson(req)),
        });
      }
      throw new StorageError(
        ['404', 'InvalidRequest', 'Not Found', `Route ${req.method}:${url.pathname} not found`],
        undefined,
        404,
      );
    } catch (caught) {
      const error = translate(caught);
      if (res.headersSent) return void res.destroy();
      if (!req.complete) req.resume();
      if (error instanceof StorageError) return sendStorageError(res, error);
      context.log(
        `unexpected error on ${req.method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`,
      );
      sendStorageError(res, new StorageError(storageErrors.internal));
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await listenOnSocket(server, context.socket);
  return {
    async stop() {
      await closeServer(server);
      await pool.end();
    },
  };
};

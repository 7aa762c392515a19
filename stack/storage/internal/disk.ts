import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StorageError, storageErrors } from '../errors.ts';

/**
 * Object bytes on disk. Each version of an object is its own file named by the object's id and
 * a fresh version id; bytes are written to a temp file, fsynced, and only then given their
 * final name, before the metadata row that points at them is committed. A crash at any point
 * leaves either nothing visible or a complete old version.
 */
export class Disk {
  readonly #root: string;
  readonly #tmp: string;

  constructor(root: string) {
    this.#root = root;
    this.#tmp = join(root, '.tmp');
    // Leftovers of uploads interrupted by a crash are never referenced by a row.
    rmSync(this.#tmp, { recursive: true, force: true });
    mkdirSync(this.#tmp, { recursive: true });
  }

  path(objectId: string, version: string): string {
    return join(this.#root, objectId.slice(0, 2), objectId, version);
  }

  /**
   * Streams a body to a temp file, refusing it past `limit` bytes. `inspect`, if given, sees the
   * first `headBytes` bytes (or the whole body if shorter) before any of them is written, and
   * may throw to refuse the upload.
   */
  async receive(
    body: Readable,
    limit: number,
    inspect?: { headBytes: number; check: (head: Buffer) => void },
  ): Promise<{ tmp: string; size: number; etag: string }> {
    const tmp = join(this.#tmp, randomUUID());
    const hash = createHash('md5');
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          let head: Buffer[] | null = inspect ? [] : null;
          const release = function* () {
            const held = Buffer.concat(head!);
            head = null;
            inspect!.check(held);
            if (held.length) yield held;
          };
          for await (const chunk of source) {
            size += chunk.length;
            if (size > limit) throw new StorageError(storageErrors.entityTooLarge);
            hash.update(chunk);
            if (!head) {
              yield chunk;
              continue;
            }
            head.push(chunk);
            if (size >= inspect!.headBytes) yield* release();
          }
          if (head) yield* release();
        },
        createWriteStream(tmp),
      );
      const handle = await open(tmp, 'r');
      await handle.sync();
      await handle.close();
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return { tmp, size, etag: `"${hash.digest('hex')}"` };
  }

  /** Gives received bytes their final name (same filesystem, so the rename is atomic). */
  async place(tmp: string, objectId: string, version: string): Promise<void> {
    const target = this.path(objectId, version);
    mkdirSync(join(this.#root, objectId.slice(0, 2), objectId), { recursive: true });
    await rename(tmp, target);
  }

  async discard(tmp: string): Promise<void> {
    await rm(tmp, { force: true });
  }

  async remove(objectId: string): Promise<void> {
    await rm(join(this.#root, objectId.slice(0, 2), objectId), { recursive: true, force: true });
  }

  async removeVersion(objectId: string, version: string): Promise<void> {
    await rm(this.path(objectId, version), { force: true });
  }

  async copy(fromId: string, fromVersion: string, toId: string, toVersion: string): Promise<void> {
    const tmp = join(this.#tmp, randomUUID());
    await pipeline(createReadStream(this.path(fromId, fromVersion)), createWriteStream(tmp));
    await this.place(tmp, toId, toVersion);
  }

  read(objectId: string, version: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.path(objectId, version), range);
  }

  /** Every object directory on disk with the versions in it, one directory at a time. */
  async *objects(): AsyncGenerator<{ objectId: string; versions: string[] }> {
    for (const shard of await readdir(this.#root, { withFileTypes: true })) {
      if (!shard.isDirectory() || shard.name === '.tmp') continue;
      for (const object of await readdir(join(this.#root, shard.name), { withFileTypes: true })) {
        if (!object.isDirectory()) continue;
        const versions = await readdir(join(this.#root, shard.name, object.name));
        yield { objectId: object.name, versions };
      }
    }
  }

  /** Removes one version's file, and the object's directory once it is empty. */
  async removeOrphan(objectId: string, version: string): Promise<void> {
    await this.removeVersion(objectId, version);
    await rmdir(join(this.#root, objectId.slice(0, 2), objectId)).catch(() => undefined);
  }

  async exists(objectId: string, version: string): Promise<boolean> {
    return stat(this.path(objectId, version)).then(
      () => true,
      () => false,
    );
  }
}

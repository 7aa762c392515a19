import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** bcrypt's key schedule reads at most this many bytes of a password. */
const BCRYPT_MAX_BYTES = 72;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * bcrypt (cost 10, `$2a$`/`$2b$` hashes that GoTrue and pgcrypto read) on worker threads, so
 * sign-ins never stall the event loop that also serves the gateway.
 */
export class PasswordHasher {
  readonly #workers: Worker[];
  readonly #pending = new Map<number, Pending>();
  #next = 0;

  constructor(size = Math.max(1, Math.min(4, availableParallelism()))) {
    this.#workers = Array.from({ length: size }, () => {
      const worker = new Worker(join(import.meta.dirname, 'bcrypt-worker.ts'));
      worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error !== undefined) pending?.reject(new Error(message.error));
        else pending?.resolve(message.result);
      });
      worker.unref();
      return worker;
    });
  }

  #run(job: Record<string, unknown>): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#workers[id % this.#workers.length]!.postMessage({ id, ...job });
    });
  }

  /** Refuses what bcrypt would silently cut: routes check the length first (guards.ts). */
  hash(password: string): Promise<string> {
    if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES)
      return Promise.reject(new Error('password longer than bcrypt reads'));
    return this.#run({ op: 'hash', password, cost: 10 }) as Promise<string>;
  }

  /** False for a missing or unreadable hash, so unknown users cost the same as wrong passwords. */
  async verify(password: string, hash: string | null): Promise<boolean> {
    // A longer password only matches by its first 72 bytes: never a match (and no faster).
    const tooLong = Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES;
    if (!hash || !/^\$2[aby]\$\d\d\$/.test(hash) || tooLong) {
      await this.#run({ op: 'hash', password: tooLong ? '' : password, cost: 10 });
      return false;
    }
    return (await this.#run({ op: 'compare', password, hash })) as boolean;
  }

  async stop(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

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

  hash(password: string): Promise<string> {
    return this.#run({ op: 'hash', password, cost: 10 }) as Promise<string>;
  }

  /** False for a missing or unreadable hash, so unknown users cost the same as wrong passwords. */
  async verify(password: string, hash: string | null): Promise<boolean> {
    if (!hash || !/^\$2[aby]\$\d\d\$/.test(hash)) {
      await this.hash(password);
      return false;
    }
    return (await this.#run({ op: 'compare', password, hash })) as boolean;
  }

  async stop(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}

// Hashes and verifies passwords off the main thread: bcrypt is CPU-bound by design.
import bcrypt from 'bcryptjs';
import { parentPort } from 'node:worker_threads';

type Job =
  | { id: number; op: 'hash'; password: string; cost: number }
  | { id: number; op: 'compare'; password: string; hash: string };

parentPort?.on('message', (job: Job) => {
  try {
    const result =
      job.op === 'hash'
        ? bcrypt.hashSync(job.password, job.cost)
        : bcrypt.compareSync(job.password, job.hash);
    parentPort?.postMessage({ id: job.id, result });
  } catch (error) {
    parentPort?.postMessage({ id: job.id, error: (error as Error).message });
  }
});

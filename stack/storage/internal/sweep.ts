import type pg from 'pg';
import type { Disk } from './disk.ts';
import { isUuid } from './objects.ts';

/** At most this many files go per start, so a start never turns into an unbounded cleanup. */
export const SWEEP_LIMIT = 10_000;
const BATCH = 500;

/**
 * Removes object files no row points at. Bytes get their final name before the row that names
 * them commits, and an old version's file goes only after the new row commits (see Disk), so
 * a crash between the two leaves a file without a row. Runs before the service accepts
 * requests, so no upload is between those two steps. Returns how many files it removed.
 */
export async function sweepOrphans(pool: pg.Pool, disk: Disk, limit = SWEEP_LIMIT): Promise<number> {
  let removed = 0;
  let batch: { objectId: string; versions: string[] }[] = [];
  const settle = async () => {
    const { rows } = await pool.query<{ id: string; version: string | null }>(
      'select id::text, version from storage.objects where id = any($1::uuid[])',
      [batch.map((entry) => entry.objectId)],
    );
    const kept = new Set(rows.map((row) => `${row.id}/${row.version}`));
    for (const { objectId, versions } of batch) {
      for (const version of versions) {
        if (kept.has(`${objectId}/${version}`) || removed >= limit) continue;
        await disk.removeOrphan(objectId, version);
        removed++;
      }
    }
    batch = [];
  };
  for await (const entry of disk.objects()) {
    // Only directories this service names (object ids); anything else is not ours to delete.
    if (!isUuid(entry.objectId)) continue;
    batch.push(entry);
    if (batch.length === BATCH) await settle();
    if (removed >= limit) break;
  }
  if (batch.length) await settle();
  return removed;
}

import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { SERVICE_ROLE_KEY } from '../config/keys.ts';
import type { SeedBucket } from '../config/project.ts';

/** Content types by file extension, as the CLI's upload guesses them before sniffing. */
const TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.csv': 'text/csv',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : [],
  );
}

async function call(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, {
    ...init,
    headers: { apikey: SERVICE_ROLE_KEY, authorization: `Bearer ${SERVICE_ROLE_KEY}`, ...init.headers },
  });
  return response;
}

/**
 * What `supabase start` and `supabase db reset` do with `[storage.buckets.*]` of config.toml
 * (supabase/cli `internal/seed/buckets`): create each bucket or update its settings, then upload
 * every file under its `objects_path`, named by its path inside that folder, overwriting. It goes
 * through the Storage API with the service role key, as the CLI does, so the objects are stored
 * exactly as any upload is. Returns how many files it uploaded.
 */
export async function seedBuckets(
  apiUrl: string,
  supabaseDir: string,
  buckets: Record<string, SeedBucket>,
): Promise<number> {
  let uploaded = 0;
  for (const [name, bucket] of Object.entries(buckets)) {
    const settings = JSON.stringify({
      id: name,
      name,
      public: bucket.public,
      file_size_limit: bucket.fileSizeLimit,
      allowed_mime_types: bucket.allowedMimeTypes,
    });
    const headers = { 'content-type': 'application/json' };
    const existing = await call(`${apiUrl}/storage/v1/bucket/${encodeURIComponent(name)}`, { method: 'GET' });
    const saved = existing.ok
      ? await call(`${apiUrl}/storage/v1/bucket/${encodeURIComponent(name)}`, {
          method: 'PUT',
          headers,
          body: settings,
        })
      : await call(`${apiUrl}/storage/v1/bucket`, { method: 'POST', headers, body: settings });
    if (!saved.ok) throw new Error(`Seeding bucket ${name} failed: ${saved.status} ${await saved.text()}`);
    if (!bucket.objectsPath) continue;
    const root = join(supabaseDir, bucket.objectsPath);
    for (const file of filesUnder(root)) {
      const key = relative(root, file).split(sep).map(encodeURIComponent).join('/');
      const response = await call(`${apiUrl}/storage/v1/object/${encodeURIComponent(name)}/${key}`, {
        method: 'POST',
        headers: {
          'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'x-upsert': 'true',
        },
        body: readFileSync(file),
      });
      if (!response.ok) {
        throw new Error(`Seeding ${name}/${key} failed: ${response.status} ${await response.text()}`);
      }
      uploaded += 1;
    }
  }
  return uploaded;
}

import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { database, PUBLISHABLE_KEY, SECRET_KEY, stackInfo, userToken } from '../../tests/helpers/clients.ts';

const PRIVATE = `test-private-${randomUUID().slice(0, 6)}`;
const PUBLIC = `test-public-${randomUUID().slice(0, 6)}`;

function as(token?: string): SupabaseClient {
  return createClient(stackInfo().apiUrl, PUBLISHABLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: token ? { headers: { Authorization: `Bearer ${token}` } } : {},
  });
}

/** `bytes` bytes that start like a PNG file (the bucket below only takes pictures). */
const png = (bytes: number) => {
  const body = new Uint8Array(Math.max(bytes, 8)).fill(7);
  body.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Blob([body], { type: 'image/png' });
};

describe('storage with RLS on storage.objects', () => {
  const alice = randomUUID();
  const bob = randomUUID();
  const asAlice = () => as(userToken(alice));
  const asBob = () => as(userToken(bob));
  const service = createClient(stackInfo().apiUrl, SECRET_KEY, { auth: { persistSession: false } });

  beforeAll(async () => {
    expect(
      (
        await service.storage.createBucket(PRIVATE, {
          public: false,
          fileSizeLimit: '1MB',
          allowedMimeTypes: ['image/*'],
        })
      ).error,
    ).toBeNull();
    expect((await service.storage.createBucket(PUBLIC, { public: true })).error).toBeNull();
    const db = await database();
    for (const [op, clause] of [
      ['select', 'using'],
      ['insert', 'with check'],
      ['update', 'using'],
      ['delete', 'using'],
    ] as const) {
      await db.query(
        `create policy "${PRIVATE} own folder ${op}" on storage.objects for ${op} to authenticated
         ${clause} (bucket_id = '${PRIVATE}' and (storage.foldername(name))[1] = auth.uid()::text)`,
      );
    }
    await db.end();
  });

  afterAll(async () => {
    const db = await database();
    for (const op of ['select', 'insert', 'update', 'delete'])
      await db.query(`drop policy "${PRIVATE} own folder ${op}" on storage.objects`);
    await db.end();
    for (const bucket of [PRIVATE, PUBLIC]) {
      await service.storage.emptyBucket(bucket);
      await service.storage.deleteBucket(bucket);
    }
  });

  it('lets the owner upload to their folder and read it back with the right headers', async () => {
    const upload = await asAlice().storage.from(PRIVATE).upload(`${alice}/avatar.png`, png(2048));
    expect(upload.error).toBeNull();
    expect(upload.data).toMatchObject({
      path: `${alice}/avatar.png`,
      fullPath: `${PRIVATE}/${alice}/avatar.png`,
    });
    const download = await asAlice().storage.from(PRIVATE).download(`${alice}/avatar.png`);
    expect(download.data?.type).toBe('image/png');
    expect(download.data?.size).toBe(2048);
    const info = await asAlice().storage.from(PRIVATE).info(`${alice}/avatar.png`);
    expect(info.data).toMatchObject({ size: 2048, contentType: 'image/png' });
  });

  it('refuses another user upload, download, list, sign and delete', async () => {
    const path = `${alice}/private.png`;
    await asAlice().storage.from(PRIVATE).upload(path, png(100));
    expect(
      (await asBob().storage.from(PRIVATE).upload(`${alice}/intruder.png`, png(10))).error,
    ).toMatchObject({ statusCode: '403' });
    expect((await asBob().storage.from(PRIVATE).download(path)).error).not.toBeNull();
    expect((await asBob().storage.from(PRIVATE).list(alice)).data).toEqual([]);
    expect((await asBob().storage.from(PRIVATE).createSignedUrl(path, 60)).error).not.toBeNull();
    expect((await asBob().storage.from(PRIVATE).remove([path])).data).toEqual([]);
    expect((await asAlice().storage.from(PRIVATE).exists(path)).data).toBe(true);
  });

  it('serves public buckets without a token, private ones never', async () => {
    await service.storage
      .from(PUBLIC)
      .upload('docs/readme.txt', 'hello public', { contentType: 'text/plain' });
    const url = service.storage.from(PUBLIC).getPublicUrl('docs/readme.txt').data.publicUrl;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello public');
    const etag = res.headers.get('etag')!;
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const ranged = await fetch(url, { headers: { range: 'bytes=6-11' } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe('public');
    const privateUrl = service.storage.from(PRIVATE).getPublicUrl(`${alice}/avatar.png`).data.publicUrl;
    expect((await fetch(privateUrl)).status).toBe(400);
  });

  it('signs URLs that work until they expire, and only for the signed path', async () => {
    const signed = await asAlice().storage.from(PRIVATE).createSignedUrl(`${alice}/avatar.png`, 60);
    expect((await fetch(signed.data!.signedUrl)).status).toBe(200);
    const forged = signed.data!.signedUrl.replace('avatar.png', 'private.png');
    expect(await (await fetch(forged)).json()).toMatchObject({ code: 'InvalidSignature' });
    // A URL signed for one second stops working once that second is over (however loaded the
    // machine is, so the test waits for the refusal rather than for a fixed time).
    const brief = await asAlice().storage.from(PRIVATE).createSignedUrl(`${alice}/avatar.png`, 1);
    await vi.waitFor(
      async () =>
        expect(await (await fetch(brief.data!.signedUrl)).json()).toMatchObject({ code: 'InvalidJWT' }),
      { timeout: 10_000, interval: 200 },
    );
    const bulk = await asAlice()
      .storage.from(PRIVATE)
      .createSignedUrls([`${alice}/avatar.png`, 'missing.png'], 60);
    expect(bulk.data?.[0]?.error).toBeNull();
    expect(bulk.data?.[1]?.error).toMatch(/does not exist/);
  });

  it('uploads through a signed upload URL without a session', async () => {
    const signed = await asAlice().storage.from(PRIVATE).createSignedUploadUrl(`${alice}/via-link.png`);
    expect(signed.error).toBeNull();
    const uploaded = await as()
      .storage.from(PRIVATE)
      .uploadToSignedUrl(`${alice}/via-link.png`, signed.data!.token, png(64));
    expect(uploaded.error).toBeNull();
    expect((await asAlice().storage.from(PRIVATE).exists(`${alice}/via-link.png`)).data).toBe(true);
  });

  it('keeps upsert semantics: 409 without, replace with', async () => {
    const path = `${alice}/upsert.png`;
    await asAlice().storage.from(PRIVATE).upload(path, png(10));
    const again = await asAlice().storage.from(PRIVATE).upload(path, png(20));
    expect(again.error).toMatchObject({ statusCode: '409' });
    expect((await asAlice().storage.from(PRIVATE).upload(path, png(30), { upsert: true })).error).toBeNull();
    expect((await asAlice().storage.from(PRIVATE).download(path)).data?.size).toBe(30);
  });

  it('enforces the bucket’s size and MIME limits', async () => {
    const big = await asAlice().storage.from(PRIVATE).upload(`${alice}/big.png`, png(1_100_000));
    expect(big.error).toMatchObject({ statusCode: '413' });
    const text = await asAlice()
      .storage.from(PRIVATE)
      .upload(`${alice}/note.txt`, 'text', { contentType: 'text/plain' });
    expect(text.error).toMatchObject({ statusCode: '415' });
    expect((await asAlice().storage.from(PRIVATE).exists(`${alice}/big.png`)).data).toBe(false);
  });

  it('lists one level with folders, moves, copies and removes', async () => {
    const bucket = asAlice().storage.from(PRIVATE);
    await bucket.upload(`${alice}/album/a.png`, png(11));
    await bucket.upload(`${alice}/album/b.png`, png(12));
    const listed = await bucket.list(alice, { sortBy: { column: 'name', order: 'asc' } });
    const names = listed.data!.map((entry) => [entry.name, entry.id === null]);
    expect(names).toContainEqual(['album', true]);
    expect(names).toContainEqual(['avatar.png', false]);
    expect((await bucket.list(`${alice}/album`, { limit: 1, offset: 1 })).data!.map((e) => e.name)).toEqual([
      'b.png',
    ]);
    expect((await bucket.move(`${alice}/album/a.png`, `${alice}/album/c.png`)).error).toBeNull();
    expect((await bucket.copy(`${alice}/album/b.png`, `${alice}/album/d.png`)).error).toBeNull();
    expect((await bucket.download(`${alice}/album/d.png`)).data?.size).toBe(12);
    const removed = await bucket.remove([`${alice}/album/c.png`, `${alice}/album/d.png`]);
    expect(removed.data!.map((row) => row.name).sort()).toEqual([
      `${alice}/album/c.png`,
      `${alice}/album/d.png`,
    ]);
  });

  // supabase/storage src/storage/schemas/bucket.ts serializes buckets: int8 limits as numbers, a null
  // owner as "" (typed string); src/http/routes/bucket/getAllBuckets.ts adds type, getBucket.ts not.
  it('returns buckets as Storage serializes them: numeric limits, type in the list only', async () => {
    const { data: one, error } = await service.storage.getBucket(PRIVATE);
    expect(error).toBeNull();
    expect(one).toEqual({
      id: PRIVATE,
      name: PRIVATE,
      owner: '',
      public: false,
      file_size_limit: 1_000_000,
      allowed_mime_types: ['image/*'],
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    const { data: all } = await service.storage.listBuckets();
    expect(all!.find((bucket) => bucket.id === PRIVATE)).toEqual({ ...one, type: 'STANDARD' });
    expect(all!.find((bucket) => bucket.id === PUBLIC)).toMatchObject({
      public: true,
      type: 'STANDARD',
      file_size_limit: null,
      allowed_mime_types: null,
    });
    const searched = await service.storage.listBuckets({ search: PRIVATE.slice(5), sortColumn: 'name' });
    expect(searched.data!.map((bucket) => bucket.id)).toEqual([PRIVATE]);
    const paged = await service.storage.listBuckets({
      search: 'test-',
      sortColumn: 'id',
      sortOrder: 'desc',
      limit: 1,
    });
    expect(paged.data!.length).toBe(1);
    const bad = await fetch(`${stackInfo().apiUrl}/storage/v1/bucket?limit=0&sortColumn=size`, {
      headers: { apikey: SECRET_KEY, authorization: `Bearer ${SECRET_KEY}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ statusCode: '400', message: 'querystring/limit must be >= 1' });
  });

  it('refuses direct SQL deletes from storage.objects', async () => {
    const db = await database();
    await expect(db.query(`delete from storage.objects where bucket_id = '${PRIVATE}'`)).rejects.toThrow(
      /Storage API/,
    );
    await db.end();
  });

  it('answers bad keys, unknown buckets and bad tokens with Storage’s errors and changes nothing', async () => {
    const raw = (path: string, token = userToken(alice)) =>
      new Promise<{ status: number; body: string }>((done) => {
        const url = new URL(stackInfo().apiUrl);
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            method: 'POST',
            path: `/storage/v1/object/${PRIVATE}/${path}`,
            headers: {
              apikey: PUBLISHABLE_KEY,
              authorization: `Bearer ${token}`,
              'content-type': 'image/png',
            },
          },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => done({ status: res.statusCode ?? 0, body }));
          },
        );
        req.end('x');
      });
    for (const path of [
      `${alice}/../${bob}/x.png`,
      `${alice}/%2e%2e/x.png`,
      `${alice}/a%00b.png`,
      `${alice}/a\\b.png`,
      `${alice}//x.png`,
      `${alice}/${'n'.repeat(1100)}`,
    ]) {
      const result = await raw(path);
      expect(result.status, path).toBe(400);
      expect(JSON.parse(result.body), path).toMatchObject({ code: 'InvalidKey' });
    }
    expect(JSON.parse((await raw(`${alice}/x.png`, 'garbage')).body)).toMatchObject({ statusCode: '403' });
    expect(
      (await asAlice().storage.from('no-such-bucket').upload(`${alice}/x.png`, png(1))).error,
    ).toMatchObject({ statusCode: '404' });
    const db = await database();
    const { rows } = await db.query(
      `select name from storage.objects where bucket_id = '${PRIVATE}' and name like '%x.png'`,
    );
    await db.end();
    expect(rows).toEqual([]);
  });
});

describe('listing as Storage v1.72 pages it', () => {
  const LISTING = `test-list-${randomUUID().slice(0, 6)}`;
  const service = createClient(stackInfo().apiUrl, SECRET_KEY, { auth: { persistSession: false } });
  const bucket = () => service.storage.from(LISTING);
  // Uploaded one after another, so created_at follows this order.
  const KEYS = [
    'dir/b.png',
    'dir/album/x.png',
    'dir/Alpha.png',
    'dir/album.png',
    'dir/Beta/y.png',
    'dir/album0.png',
    'dir/_x.png',
    'dir/Beta/z/deep.png',
  ];

  beforeAll(async () => {
    expect((await service.storage.createBucket(LISTING, { public: false })).error).toBeNull();
    for (const key of KEYS)
      expect((await bucket().upload(key, key, { contentType: 'text/plain' })).error, key).toBeNull();
  });

  afterAll(async () => {
    await service.storage.emptyBucket(LISTING);
    await service.storage.deleteBucket(LISTING);
  });

  // supabase/storage migrations/tenant/0063-fix-search-name-relative-to-prefix.sql: the name sort
  // walks lower(name) COLLATE "C", a folder sitting where its "name/" key falls among the files.
  const BY_NAME = ['_x.png', 'album.png', 'album', 'album0.png', 'Alpha.png', 'b.png', 'Beta'];

  it('interleaves folders and files in lower(name) COLLATE "C" order, folders with id null', async () => {
    const { data, error } = await bucket().list('dir');
    expect(error).toBeNull();
    expect(data!.map((entry) => entry.name)).toEqual(BY_NAME);
    const folders = data!.filter((entry) => entry.id === null).map((entry) => entry.name);
    expect(folders).toEqual(['album', 'Beta']);
    expect(data!.find((entry) => entry.name === 'album')).toMatchObject({ metadata: null, updated_at: null });
    expect(data!.find((entry) => entry.name === 'b.png')?.metadata).toMatchObject({ size: 9 });
  });

  it('pages with limit and offset counting folders and files alike, in both directions', async () => {
    const pages: string[] = [];
    for (let offset = 0; offset < BY_NAME.length + 2; offset += 3) {
      const page = await bucket().list('dir/', { limit: 3, offset });
      pages.push(...page.data!.map((entry) => entry.name));
    }
    expect(pages).toEqual(BY_NAME);
    const desc = await bucket().list('dir', {
      sortBy: { column: 'name', order: 'desc' },
      limit: 4,
      offset: 1,
    });
    expect(desc.data!.map((entry) => entry.name)).toEqual([...BY_NAME].reverse().slice(1, 5));
  });

  it('takes search as a case-insensitive continuation of the prefix', async () => {
    const { data } = await bucket().list('dir', { search: 'AL' });
    expect(data!.map((entry) => entry.name)).toEqual(['album.png', 'album', 'album0.png', 'Alpha.png']);
    expect((await bucket().list('dir', { search: 'lbum' })).data).toEqual([]);
    expect((await bucket().list('dir/Beta')).data!.map((entry) => entry.name)).toEqual(['y.png', 'z']);
  });

  it('sorted by a timestamp, lists the folders first and then the files in that order', async () => {
    const { data } = await bucket().list('dir', { sortBy: { column: 'created_at', order: 'asc' } });
    const names = data!.map((entry) => entry.name);
    expect(names.slice(0, 2).sort()).toEqual(['album', 'Beta'].sort());
    expect(names.slice(2)).toEqual(['b.png', 'Alpha.png', 'album.png', 'album0.png', '_x.png']);
    const newest = await bucket().list('dir', { sortBy: { column: 'created_at', order: 'desc' }, offset: 2 });
    expect(newest.data!.map((entry) => entry.name)).toEqual(names.slice(2).reverse());
  });

  // supabase/storage src/storage/object.ts (listObjectsV2) and migrations/tenant/0050-search-v2-optimised.sql:
  // case-sensitive bytewise order, folders apart and named with a trailing slash, cursor pages.
  const V2_BY_NAME = [
    'dir/Alpha.png',
    'dir/Beta/',
    'dir/_x.png',
    'dir/album.png',
    'dir/album/',
    'dir/album0.png',
    'dir/b.png',
  ];
  type V2Options = NonNullable<Parameters<ReturnType<typeof bucket>['listV2']>[0]>;
  const v2Pages = async (options: V2Options, client = bucket) => {
    const pages: { folders: string[]; objects: string[] }[] = [];
    let cursor: string | undefined;
    do {
      const { data, error } = await client().listV2({ ...options, cursor });
      expect(error).toBeNull();
      pages.push({
        folders: data!.folders.map((folder) => folder.name),
        objects: data!.objects.map((object) => object.name),
      });
      expect(Boolean(data!.nextCursor)).toBe(data!.hasNext);
      cursor = data!.nextCursor;
    } while (cursor && pages.length < 20);
    return pages;
  };

  it('lists one level with listV2, folders apart, paging by cursor without gaps or repeats', async () => {
    const whole = await bucket().listV2({ prefix: 'dir/', with_delimiter: true });
    expect(whole.error).toBeNull();
    expect(whole.data).toMatchObject({ hasNext: false });
    expect(whole.data!.folders).toEqual([
      {
        key: 'Beta',
        name: 'dir/Beta/',
        id: null,
        updated_at: null,
        created_at: null,
        last_accessed_at: null,
        metadata: null,
      },
      expect.objectContaining({ key: 'album', name: 'dir/album/', id: null }),
    ]);
    expect(whole.data!.objects.map((object) => [object.key, object.name])).toEqual(
      V2_BY_NAME.filter((name) => !name.endsWith('/')).map((name) => [name.slice(4), name]),
    );
    expect(whole.data!.objects[0]).toMatchObject({ id: expect.any(String), metadata: { size: 13 } });

    const pages = await v2Pages({ prefix: 'dir/', with_delimiter: true, limit: 2 });
    expect(pages.map((page) => [...page.folders, ...page.objects].sort())).toEqual([
      ['dir/Alpha.png', 'dir/Beta/'],
      ['dir/_x.png', 'dir/album.png'],
      ['dir/album/', 'dir/album0.png'],
      ['dir/b.png'],
    ]);
    const desc = await v2Pages({
      prefix: 'dir/',
      with_delimiter: true,
      limit: 3,
      sortBy: { column: 'name', order: 'desc' },
    });
    expect(desc.flatMap((page) => [...page.folders, ...page.objects]).sort()).toEqual([...V2_BY_NAME].sort());
    expect([...desc[0]!.folders, ...desc[0]!.objects].sort()).toEqual([
      'dir/album/',
      'dir/album0.png',
      'dir/b.png',
    ]);
  });

  it('lists every object under a prefix without a delimiter, and pages a timestamp sort', async () => {
    const beta = await bucket().listV2({ prefix: 'dir/Beta' });
    expect(beta.data).toMatchObject({ hasNext: false, folders: [] });
    expect(beta.data!.objects.map((object) => object.name)).toEqual([
      'dir/Beta/y.png',
      'dir/Beta/z/deep.png',
    ]);
    const newest = await v2Pages({ limit: 3, sortBy: { column: 'created_at', order: 'desc' } });
    expect(newest.flatMap((page) => page.objects)).toEqual([...KEYS].reverse());
    expect(newest.map((page) => page.objects.length)).toEqual([3, 3, 2]);
    // A folder's time is its oldest object's created_at (search_by_timestamp).
    const oldest = await v2Pages({
      prefix: 'dir/',
      with_delimiter: true,
      limit: 3,
      sortBy: { column: 'created_at' },
    });
    expect(oldest).toEqual([
      { folders: ['dir/album/'], objects: ['dir/b.png', 'dir/Alpha.png'] },
      { folders: ['dir/Beta/'], objects: ['dir/album.png', 'dir/album0.png'] },
      { folders: [], objects: ['dir/_x.png'] },
    ]);
  });

  it('shows listV2 only what RLS lets the caller select', async () => {
    const stranger = as(userToken(randomUUID())).storage.from(LISTING);
    expect((await stranger.listV2({ prefix: 'dir/', with_delimiter: true })).data).toEqual({
      hasNext: false,
      folders: [],
      objects: [],
    });
    expect((await as().storage.from(LISTING).listV2()).data).toMatchObject({ objects: [] });
  });

  it('refuses a bad listV2 cursor or limit with a 400 that says which', async () => {
    const junk = await bucket().listV2({ cursor: 'not-a-cursor' });
    expect(junk.error).toMatchObject({ message: 'Invalid Parameter continuation token' });
    const listV2 = (body: unknown) =>
      fetch(`${stackInfo().apiUrl}/storage/v1/object/list-v2/${LISTING}`, {
        method: 'POST',
        headers: {
          apikey: SECRET_KEY,
          authorization: `Bearer ${SECRET_KEY}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    for (const cursor of ['not-a-cursor', Buffer.from('z:dir/b.png').toString('base64'), '====']) {
      const response = await listV2({ cursor });
      expect(response.status, cursor).toBe(400);
      expect(await response.json(), cursor).toEqual({
        statusCode: '400',
        code: 'InvalidParameter',
        error: 'InvalidParameter',
        message: 'Invalid Parameter continuation token',
      });
    }
    const zero = await listV2({ limit: 0 });
    expect(zero.status).toBe(400);
    expect(await zero.json()).toMatchObject({ message: 'body/limit must be >= 1' });
    const column = await listV2({ sortBy: { column: 'last_accessed_at' } });
    expect(await column.json()).toMatchObject({
      statusCode: '400',
      message: expect.stringMatching(/sortBy\/column/),
    });
  });

  it('answers a malformed list body with a 400 that names the field', async () => {
    const list = (body: unknown) =>
      fetch(`${stackInfo().apiUrl}/storage/v1/object/list/${LISTING}`, {
        method: 'POST',
        headers: {
          apikey: SECRET_KEY,
          authorization: `Bearer ${SECRET_KEY}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    for (const [body, message] of [
      [{}, "body/must have required property 'prefix'"],
      [{ prefix: '', limit: 0 }, 'body/limit must be >= 1'],
      [{ prefix: '', offset: -1 }, 'body/offset must be >= 0'],
      [
        { prefix: '', sortBy: { column: 'size' } },
        expect.stringMatching(/sortBy\/column must be equal to one of/),
      ],
    ] as const) {
      const response = await list(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: '400', message });
    }
  });
});

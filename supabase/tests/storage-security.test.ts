import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database, PUBLISHABLE_KEY, SERVICE_ROLE_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { createUser, type TestUser } from '../../tests/helpers/users.ts';
import { conversationKey, createAppointment } from './fixtures.ts';

/** A 1×1 PNG and a 1×1 JPEG header: real picture bytes, each different from the other. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]);
const picture = (bytes: Buffer, type = 'image/png') => new Blob([new Uint8Array(bytes)], { type });
const HTML = Buffer.from('<html><script>fetch("/auth/v1/user")</script></html>');

function signedIn(user?: TestUser | string): SupabaseClient {
  const token = typeof user === 'string' ? user : user?.token;
  return createClient(stackInfo().apiUrl, PUBLISHABLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: token ? { headers: { Authorization: `Bearer ${token}` } } : {},
  });
}

const bytesOf = async (blob: Blob | null) => Buffer.from(await blob!.arrayBuffer());

describe('storage security', () => {
  let db: pg.Client;
  let patient: TestUser;
  let doctor: TestUser;
  let otherPatient: TestUser;
  let folder: string;
  const row = async (bucket: string, name: string) =>
    (
      await db.query<{ owner_id: string; size: number }>(
        `select owner_id, (metadata->>'size')::int as size from storage.objects where bucket_id = $1 and name = $2`,
        [bucket, name],
      )
    ).rows[0];

  beforeAll(async () => {
    db = await database();
    patient = await createUser(db, 'patient');
    doctor = await createUser(db, 'doctor');
    otherPatient = await createUser(db, 'patient');
    await createAppointment(db, { doctor: doctor.id, patient: patient.id, startsInHours: 30 });
    folder = conversationKey(patient.id, doctor.id);
  });

  afterAll(async () => {
    await db.end();
  });

  describe("a conversation partner cannot replace the other's chat picture", () => {
    let path: string;
    const chat = (user: TestUser) => signedIn(user).storage.from('chat-images');
    const expectUntouched = async () => {
      expect(await bytesOf((await chat(patient).download(path)).data)).toEqual(PNG);
      expect(await row('chat-images', path)).toMatchObject({ owner_id: patient.id, size: PNG.length });
    };

    beforeAll(async () => {
      path = `${folder}/${randomUUID()}.png`;
      expect((await chat(patient).upload(path, picture(PNG))).error).toBeNull();
    });

    it('refuses to sign an upsert URL for it', async () => {
      const signed = await chat(doctor).createSignedUploadUrl(path, { upsert: true });
      expect(signed.error).toMatchObject({ statusCode: '403' });
      await expectUntouched();
    });

    it('refuses a plain signed URL for it, and a plain one signed before it existed', async () => {
      expect((await chat(doctor).createSignedUploadUrl(path)).error).toMatchObject({ statusCode: '409' });
      const later = `${folder}/${randomUUID()}.png`;
      const signed = await chat(doctor).createSignedUploadUrl(later);
      expect(signed.error).toBeNull();
      expect((await chat(patient).upload(later, picture(PNG))).error).toBeNull();
      const upload = await signedIn()
        .storage.from('chat-images')
        .uploadToSignedUrl(later, signed.data!.token, picture(JPEG, 'image/jpeg'));
      expect(upload.error).toMatchObject({ statusCode: '409' });
      expect(await row('chat-images', later)).toMatchObject({ owner_id: patient.id, size: PNG.length });
      await expectUntouched();
    });

    it('refuses an upsert URL signed before the picture existed', async () => {
      const later = `${folder}/${randomUUID()}.png`;
      const signed = await chat(doctor).createSignedUploadUrl(later, { upsert: true });
      expect(signed.error).toBeNull();
      expect((await chat(patient).upload(later, picture(PNG))).error).toBeNull();
      const upload = await signedIn()
        .storage.from('chat-images')
        .uploadToSignedUrl(later, signed.data!.token, picture(JPEG, 'image/jpeg'), { upsert: true });
      expect(upload.error).toMatchObject({ statusCode: '403' });
      expect(await row('chat-images', later)).toMatchObject({ owner_id: patient.id, size: PNG.length });
    });

    it('refuses a direct upsert, an update, a move and a copy onto it', async () => {
      const upsert = await chat(doctor).upload(path, picture(JPEG, 'image/jpeg'), { upsert: true });
      expect(upsert.error).toMatchObject({ statusCode: '403' });
      expect((await chat(doctor).update(path, picture(JPEG, 'image/jpeg'))).error).not.toBeNull();
      const own = `${folder}/${randomUUID()}.jpg`;
      expect((await chat(doctor).upload(own, picture(JPEG, 'image/jpeg'))).error).toBeNull();
      expect((await chat(doctor).move(own, path)).error).not.toBeNull();
      expect((await chat(doctor).copy(own, path)).error).not.toBeNull();
      expect((await chat(doctor).remove([path])).data).toEqual([]);
      await expectUntouched();
    });

    it('lets neither anon nor a stranger sign an upload into the conversation', async () => {
      const target = `${folder}/${randomUUID()}.png`;
      expect(
        (await signedIn().storage.from('chat-images').createSignedUploadUrl(target)).error,
      ).toMatchObject({ statusCode: '403' });
      expect((await chat(otherPatient).createSignedUploadUrl(target)).error).toMatchObject({
        statusCode: '403',
      });
    });
  });

  describe('signed upload URLs', () => {
    const avatars = (user?: TestUser) => signedIn(user).storage.from('avatars');

    it('upload once; a second use is refused and changes nothing', async () => {
      const path = `${patient.id}/${randomUUID()}.png`;
      const signed = await avatars(patient).createSignedUploadUrl(path, { upsert: true });
      expect(signed.error).toBeNull();
      const first = await avatars().uploadToSignedUrl(path, signed.data!.token, picture(PNG), {
        upsert: true,
      });
      expect(first.error).toBeNull();
      expect(await row('avatars', path)).toMatchObject({ owner_id: patient.id, size: PNG.length });
      const second = await avatars().uploadToSignedUrl(
        path,
        signed.data!.token,
        picture(JPEG, 'image/jpeg'),
        {
          upsert: true,
        },
      );
      expect(second.error).toMatchObject({ statusCode: '400' });
      expect(second.error?.message).toMatch(/already used/);
      expect(await row('avatars', path)).toMatchObject({ size: PNG.length });
    });

    it('carry no role: PostgREST, Auth and Storage give the token nothing beyond anon', async () => {
      const path = `${patient.id}/${randomUUID()}.png`;
      const signed = await avatars(patient).createSignedUploadUrl(path);
      const token = signed.data!.token;
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as object;
      expect(claims).not.toHaveProperty('role');
      expect(claims).not.toHaveProperty('sub');

      // The patient reads their own patients row; anon and the token do not.
      const own = await signedIn(patient).from('patients').select('id').eq('id', patient.id);
      expect(own.data).toHaveLength(1);
      const anon = await signedIn().from('patients').select('id').eq('id', patient.id);
      const withToken = await signedIn(token).from('patients').select('id').eq('id', patient.id);
      expect(withToken.data ?? []).toEqual(anon.data ?? []);
      expect(withToken.data ?? []).toEqual([]);
      const raw = await fetch(`${stackInfo().apiUrl}/rest/v1/profiles?select=id,role&id=eq.${patient.id}`, {
        headers: { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${token}` },
      });
      const rawAnon = await fetch(
        `${stackInfo().apiUrl}/rest/v1/profiles?select=id,role&id=eq.${patient.id}`,
        {
          headers: { apikey: PUBLISHABLE_KEY },
        },
      );
      expect(raw.ok ? await raw.json() : []).toEqual(rawAnon.ok ? await rawAnon.json() : []);

      const user = await fetch(`${stackInfo().apiUrl}/auth/v1/user`, {
        headers: { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${token}` },
      });
      expect(user.status).toBeGreaterThanOrEqual(400);
      expect(user.status).toBeLessThan(500);

      const mine = `${patient.id}/${randomUUID()}.png`;
      expect((await avatars(patient).upload(mine, picture(PNG))).error).toBeNull();
      expect((await signedIn(token).storage.from('avatars').list(patient.id)).data).toEqual([]);
      expect((await signedIn(token).storage.from('avatars').upload(mine, picture(PNG))).error).not.toBeNull();
    });
  });

  describe('avatars', () => {
    let path: string;
    beforeAll(async () => {
      path = `${patient.id}/${randomUUID()}.png`;
      expect((await signedIn(patient).storage.from('avatars').upload(path, picture(PNG))).error).toBeNull();
    });

    it("list only the caller's own folder", async () => {
      const names = async (client: SupabaseClient, prefix: string) =>
        ((await client.storage.from('avatars').list(prefix)).data ?? []).map((entry) => entry.name);
      expect(await names(signedIn(), '')).toEqual([]);
      expect(await names(signedIn(), patient.id)).toEqual([]);
      expect(await names(signedIn(otherPatient), '')).toEqual([]);
      expect(await names(signedIn(doctor), patient.id)).toEqual([]);
      expect(await names(signedIn(patient), patient.id)).toContain(path.split('/')[1]);
    });

    it('stay downloadable by their public URL', async () => {
      const url = signedIn().storage.from('avatars').getPublicUrl(path).data.publicUrl;
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
    });
  });

  describe('object reads', () => {
    it('never let a browser sniff or run an object, however it is read', async () => {
      const path = `${folder}/${randomUUID()}.png`;
      expect(
        (await signedIn(patient).storage.from('chat-images').upload(path, picture(PNG))).error,
      ).toBeNull();
      const avatar = `${patient.id}/${randomUUID()}.png`;
      expect((await signedIn(patient).storage.from('avatars').upload(avatar, picture(PNG))).error).toBeNull();
      const signed = await signedIn(doctor).storage.from('chat-images').createSignedUrl(path, 60);
      const base = `${stackInfo().apiUrl}/storage/v1/object`;
      const auth = { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${patient.token}` };
      const reads: [string, RequestInit][] = [
        [`${base}/authenticated/chat-images/${path}`, { headers: auth }],
        [`${base}/chat-images/${path}`, { headers: auth }],
        [`${base}/chat-images/${path}`, { headers: auth, method: 'HEAD' }],
        [`${base}/chat-images/${path}`, { headers: { ...auth, range: 'bytes=0-3' } }],
        [`${base}/public/avatars/${avatar}`, {}],
        [`${base}/public/avatars/${avatar}`, { method: 'HEAD' }],
        [signed.data!.signedUrl, {}],
        [`${signed.data!.signedUrl}&download=x.png`, {}],
      ];
      for (const [url, init] of reads) {
        const response = await fetch(url, init);
        expect(response.status, url).toBeLessThan(300);
        expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
        expect(response.headers.get('content-security-policy'), url).toMatch(/default-src 'none'.*sandbox/);
      }
    });
  });

  describe('picture buckets check the bytes, not the declared type', () => {
    it('refuse HTML sent as a PNG, and JPEG bytes sent as a PNG, storing nothing', async () => {
      for (const [bytes, message] of [
        [HTML, /not a image\/png picture/],
        [JPEG, /sent as image\/png but its content is image\/jpeg/],
        [Buffer.from('GIF'), /not a image\/png picture/],
      ] as const) {
        const path = `${patient.id}/${randomUUID()}.png`;
        const upload = await signedIn(patient).storage.from('avatars').upload(path, picture(bytes));
        expect(upload.error).toMatchObject({ statusCode: '415' });
        expect(upload.error?.message).toMatch(message);
        expect(await row('avatars', path)).toBeUndefined();
      }
      const chatPath = `${folder}/${randomUUID()}.png`;
      const chat = await signedIn(doctor)
        .storage.from('chat-images')
        .upload(chatPath, HTML, { contentType: 'image/png' });
      expect(chat.error).toMatchObject({ statusCode: '415' });
      expect(await row('chat-images', chatPath)).toBeUndefined();
    });

    it('accept real pictures of each declared type', async () => {
      const webp = Buffer.concat([
        Buffer.from('RIFF'),
        Buffer.alloc(4),
        Buffer.from('WEBPVP8 '),
        Buffer.alloc(20),
      ]);
      for (const [bytes, type] of [
        [PNG, 'image/png'],
        [JPEG, 'image/jpeg'],
        [webp, 'image/webp'],
        [Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]), 'image/gif'],
      ] as const) {
        const path = `${patient.id}/${randomUUID()}`;
        const upload = await signedIn(patient).storage.from('avatars').upload(path, picture(bytes, type));
        expect(upload.error, type).toBeNull();
      }
    });
  });

  describe('upload metadata that would break later reads', () => {
    it('refuses a contentType with CR/LF or control characters, storing nothing', async () => {
      for (const contentType of ['image/png\r\nSet-Cookie: a=b', 'image/png\u0000', 'image/png\u0007']) {
        const path = `${patient.id}/${randomUUID()}.png`;
        const form = new FormData();
        form.append('cacheControl', '3600');
        form.append('contentType', contentType);
        form.append('', picture(PNG));
        const upload = await signedIn(patient).storage.from('avatars').upload(path, form);
        expect(upload.error, JSON.stringify(contentType)).toMatchObject({ statusCode: '400' });
        expect(upload.error?.message).toMatch(/contentType may contain only printable characters/);
        expect(await row('avatars', path)).toBeUndefined();
      }
    });

    it('refuses control characters in the cache-control and x-upsert headers', async () => {
      const cases: Record<string, string>[] = [
        { 'cache-control': 'max-age=1\u0001' },
        { 'x-upsert': 'true\u0001' },
      ];
      for (const headers of cases) {
        const path = `${patient.id}/${randomUUID()}.png`;
        const status = await rawUpload(`/storage/v1/object/avatars/${path}`, patient.token, headers, PNG);
        expect(status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
        expect(status, JSON.stringify(headers)).toBeLessThan(500);
        expect(await row('avatars', path)).toBeUndefined();
      }
    });
  });

  describe('uploads over the bucket limit', () => {
    it('answer EntityTooLarge (413) as JSON and store nothing, whether declared or streamed', async () => {
      const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
      const path = `${patient.id}/${randomUUID()}.png`;
      const upload = await signedIn(patient).storage.from('avatars').upload(path, picture(big));
      expect(upload.error).toMatchObject({ statusCode: '413' });
      expect(upload.error?.message).toMatch(/exceeded the maximum allowed size/);
      const raw = await fetch(`${stackInfo().apiUrl}/storage/v1/object/avatars/${path}`, {
        method: 'POST',
        headers: {
          apikey: PUBLISHABLE_KEY,
          authorization: `Bearer ${patient.token}`,
          'content-type': 'image/png',
        },
        body: big,
      });
      expect(raw.status).toBeLessThan(500);
      expect(await raw.json()).toMatchObject({ statusCode: '413', code: 'EntityTooLarge' });
      expect(await row('avatars', path)).toBeUndefined();
    });
  });

  it('service_role signed upload URLs still work for anyone holding them', async () => {
    const service = signedIn(SERVICE_ROLE_KEY).storage.from('avatars');
    const path = `${otherPatient.id}/${randomUUID()}.png`;
    const signed = await service.createSignedUploadUrl(path);
    expect(signed.error).toBeNull();
    const upload = await signedIn()
      .storage.from('avatars')
      .uploadToSignedUrl(path, signed.data!.token, picture(PNG));
    expect(upload.error).toBeNull();
    expect(await row('avatars', path)).toMatchObject({ size: PNG.length });
  });
});

/** An upload over a raw socket, so header values reach the server exactly as written. */
async function rawUpload(
  path: string,
  token: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<number> {
  const { connect } = await import('node:net');
  const url = new URL(stackInfo().apiUrl);
  const head = [
    `POST ${path} HTTP/1.1`,
    `host: ${url.host}`,
    `apikey: ${PUBLISHABLE_KEY}`,
    `authorization: Bearer ${token}`,
    'content-type: image/png',
    `content-length: ${body.length}`,
    'connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  return new Promise((done, fail) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]));
    });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('end', () => done(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on('error', fail);
  });
}

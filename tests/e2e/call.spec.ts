import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  createDoctor,
  createUser,
  database,
  e2eEnv,
  expect,
  expectAccessible,
  signIn,
  test,
  type E2eUser,
} from './support/fixtures.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-dev-shm-usage',
];
/** A fake camera and microphone that need no prompt, and WebRTC over loopback. */
const MEDIA_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

test.use({ launchOptions: { executablePath: CHROMIUM, args: [...BASE_ARGS, ...MEDIA_ARGS] } });
// Two browsers with live video each: one test at a time keeps the 2-core machine responsive.
test.describe.configure({ mode: 'serial' });

interface Visit {
  id: string;
  doctor: E2eUser;
  patient: E2eUser;
}

/** A doctor and a patient with one appointment starting `startsInMinutes` from now. */
async function visit(
  options: { startsInMinutes?: number; mode?: 'video' | 'chat'; status?: string } = {},
): Promise<Visit> {
  const db = await database();
  try {
    const doctor = await createDoctor(db);
    const patient = await createUser(db, 'patient');
    const { rows } = await db.query<{ id: string }>(
      `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode)
       values ($1, $2, now() + $3 * interval '1 minute', now() + ($3 + 30) * interval '1 minute', $4, $5)
       returning id`,
      [
        doctor.id,
        patient.id,
        options.startsInMinutes ?? -5,
        options.status ?? 'scheduled',
        options.mode ?? 'video',
      ],
    );
    return { id: rows[0]!.id, doctor, patient };
  } finally {
    await db.end();
  }
}

/**
 * Keeps every RTCPeerConnection the page makes reachable from the test, so it can read
 * getStats() the way chrome://webrtc-internals would. The app itself is unchanged.
 */
async function watchPeers(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const peers: RTCPeerConnection[] = [];
    (window as unknown as { __peers: RTCPeerConnection[] }).__peers = peers;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        peers.push(this);
      }
    };
  });
}

async function open(browser: Browser, user: E2eUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: e2eEnv().baseURL });
  await watchPeers(context);
  const page = await context.newPage();
  await signIn(page, user);
  return { context, page };
}

interface Bytes {
  inVideo: number;
  inAudio: number;
  outAudio: number;
  localUfrag: string;
}

/** Byte counters of the page's live peer connection. */
function bytes(page: Page): Promise<Bytes> {
  return page.evaluate(async () => {
    const peers = (window as unknown as { __peers: RTCPeerConnection[] }).__peers;
    const pc = peers.filter((p) => p.connectionState !== 'closed').at(-1);
    const result = { inVideo: 0, inAudio: 0, outAudio: 0, localUfrag: '' };
    if (!pc) return result;
    result.localUfrag = /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? '')?.[1] ?? '';
    (await pc.getStats()).forEach(
      (entry: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number }) => {
        if (entry.type === 'inbound-rtp' && entry.kind === 'video')
          result.inVideo += entry.bytesReceived ?? 0;
        if (entry.type === 'inbound-rtp' && entry.kind === 'audio')
          result.inAudio += entry.bytesReceived ?? 0;
        if (entry.type === 'outbound-rtp' && entry.kind === 'audio') result.outAudio += entry.bytesSent ?? 0;
      },
    );
    return result;
  });
}

/** Waits until `key` of the page's stats grows by more than `by` bytes. */
async function expectGrowing(page: Page, key: keyof Omit<Bytes, 'localUfrag'>, by = 1000): Promise<void> {
  const before = (await bytes(page))[key];
  await expect.poll(async () => (await bytes(page))[key] - before, { timeout: 10_000 }).toBeGreaterThan(by);
}

const status = (page: Page) => page.getByTestId('call-status');

/** The doctor opens the call from the dashboard and calls; the patient answers from anywhere. */
async function connect(d: Page, p: Page, v: Visit): Promise<void> {
  await d.goto('/dashboard');
  await d.getByRole('link', { name: 'Start video call' }).click();
  await expect(d.getByLabel('Your camera preview')).toBeVisible();
  await d.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(status(d)).toHaveText(`Calling ${v.patient.name}…`);
  const dialog = p.getByRole('alertdialog', { name: 'Incoming video call' });
  await expect(dialog).toContainText(`${v.doctor.name} is calling you.`);
  await dialog.getByRole('button', { name: 'Accept' }).click();
  await expect(p).toHaveURL(new RegExp(`/call/${v.id}$`));
  await expect(status(d)).toHaveText(`Connected with ${v.patient.name}.`);
  await expect(status(p)).toHaveText(`Connected with ${v.doctor.name}.`);
}

test('the doctor calls, the patient answers: video both ways, mute, hang-up and the call log', async ({
  browser,
}) => {
  const v = await visit();
  const { page: d } = await open(browser, v.doctor);
  const { page: p } = await open(browser, v.patient);
  await p.goto('/appointments');
  await connect(d, p, v);

  await expectGrowing(d, 'inVideo');
  await expectGrowing(p, 'inVideo');
  await expect(p.getByLabel(`Video of ${v.doctor.name}`)).toBeVisible();
  await expectAccessible(p, 'call screen');

  const mute = d.getByRole('button', { name: 'Mute' });
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await mute.click();
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  // Nothing leaves the doctor's microphone, and nothing arrives at the patient.
  const mutedAt = await bytes(d);
  const heardAt = await bytes(p);
  await p.waitForTimeout(1500);
  expect((await bytes(d)).outAudio - mutedAt.outAudio).toBeLessThan(200);
  expect((await bytes(p)).inAudio - heardAt.inAudio).toBeLessThan(200);
  await mute.press('Enter');
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await expectGrowing(p, 'inAudio');

  await p.getByRole('button', { name: 'Hang up' }).click();
  await expect(status(p)).toHaveText('Call ended.');
  await expect(status(d)).toHaveText(`${v.patient.name} ended the call.`);
  await expect(d.getByRole('button', { name: 'Call again' })).toBeVisible();

  const db = await database();
  try {
    const { rows } = await db.query<{ started: Date | null; answered: Date | null; ended: Date | null }>(
      'select call_started_at as started, call_answered_at as answered, call_ended_at as ended from public.appointments where id = $1',
      [v.id],
    );
    const log = rows[0]!;
    expect(log.started).toBeInstanceOf(Date);
    expect(log.answered!.getTime()).toBeGreaterThanOrEqual(log.started!.getTime());
    expect(log.ended!.getTime()).toBeGreaterThan(log.answered!.getTime());
  } finally {
    await db.end();
  }
});

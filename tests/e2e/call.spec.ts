import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { rmSync } from 'node:fs';
import { PUBLISHABLE_KEY } from '../../stack/config/keys.ts';
import { freePort } from '../helpers/stack.ts';
import { buildApp } from './support/build.ts';
import { serveStatic } from './support/serve.ts';
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
import { chromiumPath } from '../helpers/chromium.ts';

const CHROMIUM = chromiumPath();
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
// The tests of this file run one after another in one worker (Playwright's default for a file):
// two live video calls at once would compete for the 2-core machine. Not "serial" mode, so one
// failure does not skip the tests after it.

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
 * Keeps every RTCPeerConnection and AudioContext the page makes reachable from the test, so it
 * can read getStats() the way chrome://webrtc-internals would and hear whether a ring plays.
 * The app itself is unchanged.
 */
async function watchMedia(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const NativePeer = window.RTCPeerConnection;
    const NativeAudio = window.AudioContext;
    const peers: RTCPeerConnection[] = [];
    const audio: AudioContext[] = [];
    Object.assign(window, { __peers: peers, __audio: audio });
    window.RTCPeerConnection = class extends NativePeer {
      constructor(config?: RTCConfiguration) {
        super(config);
        peers.push(this);
      }
    };
    window.AudioContext = class extends NativeAudio {
      constructor(options?: AudioContextOptions) {
        super(options);
        audio.push(this);
      }
    };
  });
}

/** How many AudioContexts of the page are playing. */
function playing(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (window as unknown as { __audio: AudioContext[] }).__audio.filter((a) => a.state === 'running').length,
  );
}

/** Every context a test opened; each holds a camera, a microphone and maybe a call. */
const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

async function open(
  browser: Browser,
  user: E2eUser,
  baseURL = e2eEnv().baseURL,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL });
  contexts.push(context);
  await watchMedia(context);
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
  const dialog = p.getByRole('alertdialog', { name: 'Incoming video call' });
  await expect(dialog).toContainText(`${v.doctor.name} is calling you.`);
  // The patient's app rings, and the doctor is told so.
  await expect(status(d)).toHaveText(`Ringing ${v.patient.name}…`);
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
  // Keyboard focus leaves the closed call screen for what can be done next.
  await expect(p.getByTestId('call-ended')).toBeFocused();
  await expect(d.getByRole('link', { name: 'Open chat' })).toHaveAttribute(
    'href',
    `/messages/${v.patient.id}`,
  );

  const log = await callLog(v.id);
  expect(log.started).toBeInstanceOf(Date);
  expect(log.answered!.getTime()).toBeGreaterThanOrEqual(log.started!.getTime());
  expect(log.ended!.getTime()).toBeGreaterThan(log.answered!.getTime());
  // The patient finds the call in their appointments.
  await p.goto('/appointments');
  await expect(p.getByTestId('appointment').filter({ hasText: v.doctor.name })).toContainText(
    'Call answered',
  );
});

async function callLog(
  id: string,
): Promise<{ started: Date | null; answered: Date | null; ended: Date | null }> {
  const db = await database();
  try {
    const { rows } = await db.query<{ started: Date | null; answered: Date | null; ended: Date | null }>(
      'select call_started_at as started, call_answered_at as answered, call_ended_at as ended from public.appointments where id = $1',
      [id],
    );
    return rows[0]!;
  } finally {
    await db.end();
  }
}

/** The doctor calls from the call page and waits for the patient's dialog. */
async function ring(d: Page, p: Page, v: Visit) {
  await d.goto(`/call/${v.id}`);
  await d.getByRole('button', { name: 'Call', exact: true }).click();
  const dialog = p.getByRole('alertdialog', { name: 'Incoming video call' });
  await expect(dialog).toContainText(`${v.doctor.name} is calling you.`);
  return dialog;
}

test('the patient declines: both see it, and nothing keeps ringing', async ({ browser }) => {
  const v = await visit();
  const { page: d } = await open(browser, v.doctor);
  const { page: p } = await open(browser, v.patient);
  await p.goto('/appointments');
  const dialog = await ring(d, p, v);
  // The ring sounds while the dialog is up (the only audio on the appointments page).
  await expect.poll(() => playing(p)).toBe(1);
  await expectAccessible(p, 'incoming call dialog');
  await dialog.getByRole('button', { name: 'Decline' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => playing(p)).toBe(0);
  await expect(status(d)).toHaveText(`${v.patient.name} declined the call.`);
  await expect(d.getByRole('button', { name: 'Call again' })).toBeVisible();
  await expect(p.getByTestId('missed-call')).toHaveCount(0);

  // Escape declines too (an alert dialog may not just vanish while the call rings on).
  await d.getByRole('button', { name: 'Call again' }).click();
  await expect(dialog).toBeVisible();
  await p.keyboard.press('Escape');
  await expect(status(d)).toHaveText(`${v.patient.name} declined the call.`);
  expect((await callLog(v.id)).answered).toBeNull();
});

test('nobody answers within 45 s: a missed call on both sides, with a way to call back', async ({
  browser,
}) => {
  const v = await visit();
  const { page: d } = await open(browser, v.doctor);
  const { page: p } = await open(browser, v.patient);
  // The doctor's page runs on a clock the test can move forward, instead of waiting 45 s.
  await d.clock.install();
  await p.goto('/appointments');
  const dialog = await ring(d, p, v);
  await d.clock.fastForward(44_000);
  await expect(status(d)).toHaveText(`Ringing ${v.patient.name}…`);
  await expect(dialog).toBeVisible();
  await d.clock.fastForward(2_000);
  await expect(status(d)).toHaveText('Missed call: nobody answered.');
  await expect(dialog).toBeHidden();
  const notice = p.getByTestId('missed-call');
  await expect(notice).toHaveText(new RegExp(`You missed a video call from ${v.doctor.name}`));
  const log = await callLog(v.id);
  expect(log.started).toBeInstanceOf(Date);
  expect(log.answered).toBeNull();
  expect(log.ended).toBeInstanceOf(Date);
  await notice.getByRole('link', { name: 'Call back' }).click();
  await expect(p).toHaveURL(new RegExp(`/call/${v.id}$`));
  await expect(status(p)).toHaveText(`You missed a call from ${v.doctor.name}.`);
  await expect(p.getByRole('button', { name: 'Call back' })).toBeEnabled();
  await expect(notice).toHaveCount(0);
});

/** supabase-js in Node, signed in as `user`, on the appointment's call channel. */
async function joinAs(
  user: E2eUser,
  id: string,
  clients: SupabaseClient[],
): Promise<{ channel: RealtimeChannel; status: string; heard: unknown[] }> {
  const supabase = createClient(e2eEnv().apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });
  clients.push(supabase);
  const { error } = await supabase.auth.signInWithPassword({ email: user.email, password: user.password });
  expect(error).toBeNull();
  await supabase.realtime.setAuth();
  const heard: unknown[] = [];
  const channel = supabase.channel(`call:${id}`, { config: { private: true, broadcast: { ack: true } } });
  channel.on('broadcast', { event: 'signal' }, ({ payload }) => heard.push(payload));
  const status = await new Promise<string>((done) =>
    channel.subscribe((state) => {
      if (String(state) !== 'CLOSED') done(String(state));
    }),
  );
  return { channel, status, heard };
}

test('a third user cannot join the call, and malformed or foreign signals do not disturb it', async ({
  browser,
}) => {
  const v = await visit();
  const db = await database();
  const stranger = await createUser(db, 'patient').finally(() => db.end());
  const { page: d } = await open(browser, v.doctor);
  const { page: p } = await open(browser, v.patient);
  await p.goto('/appointments');
  await connect(d, p, v);
  const clients: SupabaseClient[] = [];
  try {
    const outsider = await joinAs(stranger, v.id, clients);
    expect(outsider.status).toBe('CHANNEL_ERROR');
    // In the app, the stranger finds no such appointment.
    const { page: s } = await open(browser, stranger);
    await s.goto(`/call/${v.id}`);
    await expect(s.getByTestId('call-unavailable')).toContainText('Appointment not found');
    await expect(s.getByRole('button', { name: 'Call', exact: true })).toHaveCount(0);

    // The patient's own second client sends junk on the channel: the call carries on.
    const junk = await joinAs(v.patient, v.id, clients);
    expect(junk.status).toBe('SUBSCRIBED');
    for (const payload of [
      'hang up',
      { type: 'end' },
      { type: 'end', callId: 'someone-else' },
      { type: 'offer', callId: 'x', sdp: 42 },
      { type: 'candidate', callId: 'x', candidate: 'nope' },
      { type: 'explode', callId: 'x' },
    ])
      expect(await junk.channel.send({ type: 'broadcast', event: 'signal', payload })).toBe('ok');
    await expectGrowing(d, 'inVideo');
    await expect(status(d)).toHaveText(`Connected with ${v.patient.name}.`);
    await expect(status(p)).toHaveText(`Connected with ${v.doctor.name}.`);
    expect(outsider.heard).toEqual([]);
  } finally {
    await Promise.all(clients.map((c) => c.removeAllChannels()));
  }
});

/** Records every phase the status line shows, so a short-lived one is not missed. */
async function recordPhases(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __phases: string[] }).__phases = seen;
    const line = document.querySelector('[data-testid="call-status"]')!;
    new MutationObserver(() => seen.push(line.getAttribute('data-phase') ?? '')).observe(line, {
      attributes: true,
    });
  });
  return () => page.evaluate(() => (window as unknown as { __phases: string[] }).__phases);
}

test('a network change restarts ICE over the channel, and the call recovers on both sides', async ({
  browser,
}) => {
  const v = await visit();
  const { page: d } = await open(browser, v.doctor);
  const { page: p } = await open(browser, v.patient);
  await p.goto('/appointments');
  await connect(d, p, v);
  await expectGrowing(p, 'inVideo');
  for (const side of [p, d]) {
    const before = [await bytes(d), await bytes(p)];
    const phases = [await recordPhases(d), await recordPhases(p)];
    // What the browser fires when the device comes back on a network.
    await side.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect.poll(async () => (await bytes(d)).localUfrag).not.toBe(before[0]!.localUfrag);
    await expect.poll(async () => (await bytes(p)).localUfrag).not.toBe(before[1]!.localUfrag);
    await expect(status(d)).toHaveText(`Connected with ${v.patient.name}.`);
    await expect(status(p)).toHaveText(`Connected with ${v.doctor.name}.`);
    // The side whose network changed said it was reconnecting.
    expect(await phases[side === d ? 0 : 1]!()).toContain('reconnecting');
    await expectGrowing(d, 'inVideo');
    await expectGrowing(p, 'inVideo');
  }
});

test('the other side closing the tab mid-call ends the call cleanly', async ({ browser }) => {
  const v = await visit();
  const { page: d } = await open(browser, v.doctor);
  const { page: p } = await open(browser, v.patient);
  await p.goto('/appointments');
  await connect(d, p, v);
  await p.close({ runBeforeUnload: true });
  await expect(status(d)).toHaveAttribute('data-phase', 'ended', { timeout: 25_000 });
  await expect(d.getByRole('button', { name: 'Call again' })).toBeVisible();
  await expect(d.getByRole('link', { name: 'Open chat' })).toBeVisible();
  await expect.poll(async () => (await callLog(v.id)).ended).toBeInstanceOf(Date);
});

test('no call outside the window or for a chat appointment: the page says why', async ({ browser }) => {
  const later = await visit({ startsInMinutes: 60 });
  const { page: p } = await open(browser, later.patient);
  await p.goto('/appointments');
  await expect(p.getByText(later.doctor.name).first()).toBeVisible();
  await expect(p.getByRole('link', { name: 'Join video call' })).toHaveCount(0);
  await p.goto(`/call/${later.id}`);
  await expect(p.getByTestId('call-unavailable')).toContainText('The call has not opened yet');
  await expect(p.getByRole('button', { name: 'Call', exact: true })).toHaveCount(0);

  const chat = await visit({ mode: 'chat' });
  const { page: c } = await open(browser, chat.patient);
  await c.goto(`/call/${chat.id}`);
  await expect(c.getByTestId('call-unavailable')).toContainText('This is a chat consultation');
  await expect(c.getByRole('link', { name: 'Open chat' })).toBeVisible();

  const past = await visit({ startsInMinutes: -90 });
  const { page: o } = await open(browser, past.doctor);
  await o.goto(`/call/${past.id}`);
  await expect(o.getByTestId('call-unavailable')).toContainText('The call has closed');
});

test('camera access denied, or no camera at all: clear guidance, and calling stays possible', async ({
  playwright,
}) => {
  for (const [args, guidance] of [
    // A real prompt the user answers "Block" (headless Chromium denies what is not granted).
    [['--use-fake-device-for-media-stream'], /Camera and microphone access is blocked/],
    // Access allowed, but this machine has no camera or microphone.
    [['--use-fake-ui-for-media-stream'], /No camera or microphone was found/],
  ] as const) {
    const browser = await playwright.chromium.launch({
      executablePath: CHROMIUM,
      args: [...BASE_ARGS, ...args],
    });
    try {
      const v = await visit();
      const { page: p } = await open(browser, v.patient);
      await p.goto(`/call/${v.id}`);
      const alert = p.getByRole('alert');
      await expect(alert).toContainText(guidance);
      await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
      await expect(p.getByRole('button', { name: 'Call', exact: true })).toBeEnabled();
      await expectAccessible(p, 'pre-call check without a camera');
    } finally {
      await browser.close();
    }
  }
});

test('the pre-call check shows the camera, the microphone level and the devices to pick', async ({
  browser,
}) => {
  const v = await visit();
  const { page: p } = await open(browser, v.patient);
  await p.goto('/appointments');
  await p.getByRole('link', { name: 'Join video call' }).click();
  await expect(p).toHaveURL(new RegExp(`/call/${v.id}$`));
  const preview = p.getByLabel('Your camera preview');
  await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0);
  // Chromium's fake microphone beeps: the meter moves.
  const meter = p.getByRole('meter', { name: 'Microphone level' });
  await expect
    .poll(async () => Number(await meter.getAttribute('aria-valuenow')), { timeout: 10_000 })
    .toBeGreaterThan(0);
  const camera = p.getByRole('combobox', { name: /^Camera/ });
  const microphone = p.getByRole('combobox', { name: /^Microphone/ });
  // The lists name the devices (readable once access was granted) and show the ones in use.
  await expect(camera.locator('option').first()).toHaveText(/\S/);
  await expect(camera.locator('option').first()).not.toHaveText(/^(Camera 1|No camera found)$/);
  await expect(microphone.locator('option').first()).not.toHaveText(/^(Microphone 1|No microphone found)$/);
  await expect(camera).not.toHaveValue('');
  await expect(microphone).not.toHaveValue('');
  await expectAccessible(p, 'pre-call check');
});

test('camera off and switch camera during a call; both buttons work from the keyboard', async ({
  browser,
}) => {
  const v = await visit();
  const { page: d } = await open(browser, v.doctor);
  const { page: p } = await open(browser, v.patient);
  await p.goto('/appointments');
  await connect(d, p, v);
  const cameraOff = d.getByRole('button', { name: 'Camera off' });
  await expect(cameraOff).toHaveAttribute('aria-pressed', 'false');
  await cameraOff.focus();
  await d.keyboard.press('Space');
  await expect(cameraOff).toHaveAttribute('aria-pressed', 'true');
  await expect
    .poll(() =>
      d.evaluate(() =>
        [...document.querySelectorAll('video')].some(
          (v) => v.srcObject instanceof MediaStream && v.srcObject.getVideoTracks()[0]?.enabled === false,
        ),
      ),
    )
    .toBe(true);
  await d.keyboard.press('Space');
  await expect(cameraOff).toHaveAttribute('aria-pressed', 'false');
  await d.keyboard.press('Tab');
  await expect(d.getByRole('button', { name: 'Switch camera' })).toBeFocused();
  await d.keyboard.press('Enter');
  // A new camera track replaces the old one on the same connection: video keeps arriving.
  await expectGrowing(p, 'inVideo');
  await expect(status(d)).toHaveText(`Connected with ${v.patient.name}.`);
});

/**
 * Holds back every call ring on its way from the server to the context's pages until released.
 * Glare means each side pressed Call before the other's ring reached it; on a busy machine two
 * clicks can land further apart than a ring takes to travel, so the test makes that order sure.
 */
async function holdRings(context: BrowserContext): Promise<() => void> {
  let held: (() => void)[] | null = [];
  await context.routeWebSocket(/\/realtime\/v1\/websocket/, (page) => {
    const server = page.connectToServer();
    server.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString('latin1');
      if (held && /"type":"ring"/.test(text)) held.push(() => page.send(message));
      else page.send(message);
    });
  });
  return () => {
    const queue = held ?? [];
    held = null;
    for (const deliver of queue) deliver();
  };
}

test('both press Call at the same moment: one call, connected on both sides', async ({ browser }) => {
  const v = await visit();
  const doctor = await open(browser, v.doctor);
  const patient = await open(browser, v.patient);
  const { page: d } = doctor;
  const { page: p } = patient;
  const releases = [await holdRings(doctor.context), await holdRings(patient.context)];
  await Promise.all([d.goto(`/call/${v.id}`), p.goto(`/call/${v.id}`)]);
  const call = (page: Page) => page.getByRole('button', { name: 'Call', exact: true });
  await expect(call(d)).toBeEnabled();
  await expect(call(p)).toBeEnabled();
  const phases = [await recordPhases(d), await recordPhases(p)];
  await Promise.all([call(d).click(), call(p).click()]);
  await expect(status(d)).toHaveText(`Calling ${v.patient.name}…`);
  await expect(status(p)).toHaveText(`Calling ${v.doctor.name}…`);
  // Both are calling and neither has heard the other: now the two rings cross.
  for (const release of releases) release();
  await expect(status(d)).toHaveText(`Connected with ${v.patient.name}.`);
  await expect(status(p)).toHaveText(`Connected with ${v.doctor.name}.`);
  await expectGrowing(d, 'inVideo');
  await expectGrowing(p, 'inVideo');
  await expect(p.getByRole('alertdialog')).toBeHidden();
  await expect(d.getByRole('alertdialog')).toBeHidden();
  // Glare it was: both called, neither side was ever rung.
  for (const seen of phases) {
    expect(await seen()).toContain('calling');
    expect(await seen()).not.toContain('ringing');
  }
});

test('a connection that cannot be restored ends after the reconnect window, offering to call again or chat', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const v = await visit();
  const { page: d } = await open(browser, v.doctor);
  const { page: p } = await open(browser, v.patient);
  await p.goto('/appointments');
  await connect(d, p, v);
  const phases = await recordPhases(d);
  // The patient's media path dies under the app (as a crashed network stack would).
  await p.evaluate(() => {
    for (const pc of (window as unknown as { __peers: RTCPeerConnection[] }).__peers) pc.close();
  });
  await expect(status(d)).toHaveText('The connection was lost and could not be restored.', {
    timeout: 45_000,
  });
  expect(await phases()).toContain('reconnecting');
  await expect(status(p)).toHaveText('The connection was lost and could not be restored.');
  for (const page of [d, p]) {
    await expect(page.getByRole('button', { name: 'Call again' })).toBeEnabled();
    await expect(page.getByRole('link', { name: 'Open chat' })).toBeVisible();
  }
});

test('the ICE servers come from PUBLIC_ICE_SERVERS in the build, TURN credentials included', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const iceServers = [
    { urls: 'stun:127.0.0.1:3478' },
    { urls: ['turn:127.0.0.1:3478?transport=udp'], username: 'hc-user', credential: 'hc-secret' },
  ];
  const env = { PUBLIC_ICE_SERVERS: JSON.stringify(iceServers) };
  let dir: string;
  try {
    dir = buildApp(e2eEnv().apiUrl, env);
  } catch {
    // Every build on this machine writes through the same .svelte-kit/ directory; a build
    // started outside the lock (a developer's `npm run build`) can pull it away mid-way.
    dir = buildApp(e2eEnv().apiUrl, env);
  }
  const port = await freePort();
  const server = await serveStatic(dir, port);
  try {
    const v = await visit();
    const baseURL = `http://127.0.0.1:${port}`;
    const { page: d } = await open(browser, v.doctor, baseURL);
    const { page: p } = await open(browser, v.patient, baseURL);
    await p.goto('/appointments');
    await connect(d, p, v);
    for (const page of [d, p]) {
      const used = await page.evaluate(
        () =>
          (window as unknown as { __peers: RTCPeerConnection[] }).__peers.at(-1)!.getConfiguration()
            .iceServers,
      );
      // As the browser reports them back: urls always a list, no credentials as empty strings.
      expect(used).toEqual([
        { urls: ['stun:127.0.0.1:3478'], username: '', credential: '' },
        { urls: ['turn:127.0.0.1:3478?transport=udp'], username: 'hc-user', credential: 'hc-secret' },
      ]);
    }
  } finally {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('answered in one of two tabs: the other stops ringing and the call stays up', async ({ browser }) => {
  const v = await visit();
  const { page: d } = await open(browser, v.doctor);
  const { context, page: p } = await open(browser, v.patient);
  const second = await context.newPage();
  await p.goto('/appointments');
  await second.goto('/appointments');
  const dialog = await ring(d, p, v);
  const otherDialog = second.getByRole('alertdialog', { name: 'Incoming video call' });
  await expect(otherDialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Accept' }).click();
  await expect(otherDialog).toBeHidden();
  await expect(status(d)).toHaveText(`Connected with ${v.patient.name}.`);
  await expect(status(p)).toHaveText(`Connected with ${v.doctor.name}.`);
  await expect(second.getByTestId('missed-call')).toHaveCount(0);
  await expectGrowing(p, 'inVideo');
});

test('calling someone whose app is closed says "Calling", not "Ringing"', async ({ browser }) => {
  const v = await visit();
  const { page: d } = await open(browser, v.doctor);
  await d.goto(`/call/${v.id}`);
  await d.getByRole('button', { name: 'Call', exact: true }).click();
  await expect(status(d)).toHaveText(`Calling ${v.patient.name}…`);
  // The patient opens the app mid-ring: the next ring reaches them.
  const { page: p } = await open(browser, v.patient);
  await expect(p.getByRole('alertdialog', { name: 'Incoming video call' })).toBeVisible();
  await expect(status(d)).toHaveText(`Ringing ${v.patient.name}…`);
  await d.getByRole('button', { name: 'Hang up' }).click();
  await expect(p.getByRole('alertdialog')).toBeHidden();
  await expect(p.getByTestId('missed-call')).toContainText(`You missed a video call from ${v.doctor.name}`);
});

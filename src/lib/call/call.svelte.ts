import type { RealtimeChannel } from '@supabase/supabase-js';
import { supabase } from '../supabase.ts';
import { openMedia, type DeviceChoice } from './devices.ts';
import {
  initialCall,
  parseSignal,
  RECONNECT_TIMEOUT_MS,
  RING_TIMEOUT_MS,
  transition,
  type CallEvent,
  type CallState,
  type Effect,
  type Signal,
} from './machine.ts';
import { Peer } from './peer.ts';
import type { CallStats } from './stats.ts';

export interface CallOptions {
  appointmentId: string;
  iceServers?: RTCIceServer[];
  ringTimeoutMs?: number;
  reconnectTimeoutMs?: number;
  /** How often a caller repeats its ring (broadcasts are not stored; a late joiner hears the next). */
  ringRepeatMs?: number;
  ringer?: { start(): void; stop(): void };
}

export type ChannelStatus = 'idle' | 'joining' | 'joined' | 'denied';

/**
 * One appointment's video call in this browser: the signaling channel `call:<id>`, the camera
 * and microphone, and the peer connection, driven by the pure machine in machine.ts. Pages and
 * the incoming-call dialog render its state and call its verbs.
 */
export class CallSession {
  readonly appointmentId: string;
  state = $state<CallState>(initialCall);
  channel = $state<ChannelStatus>('idle');
  local = $state.raw<MediaStream | null>(null);
  remote = $state.raw<MediaStream | null>(null);
  mediaProblem = $state('');
  muted = $state(false);
  cameraOff = $state(false);
  facing = $state<'user' | 'environment'>('user');
  readonly #options: Required<Omit<CallOptions, 'ringer'>> & Pick<CallOptions, 'ringer'>;
  #channel: RealtimeChannel | null = null;
  #peer: Peer | null = null;
  #work: Promise<void> = Promise.resolve();
  #ringTimer: ReturnType<typeof setTimeout> | undefined;
  #ringRepeat: ReturnType<typeof setInterval> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #choice: DeviceChoice = {};
  #opening: Promise<void> | null = null;
  /** Whether this session started the shared ringer (and so must stop it). */
  #ringing = false;
  /** The signed-in user, to tell this user's other tabs from the other participant. */
  #selfId: string | null = null;

  constructor(options: CallOptions) {
    this.appointmentId = options.appointmentId;
    this.#options = {
      iceServers: [],
      ringTimeoutMs: RING_TIMEOUT_MS,
      reconnectTimeoutMs: RECONNECT_TIMEOUT_MS,
      ringRepeatMs: 3000,
      ...options,
    };
  }

  get live(): boolean {
    return !['idle', 'ended'].includes(this.state.phase);
  }

  /** Joins the private channel; RLS on realtime.messages admits only the two participants. */
  async join(): Promise<void> {
    if (this.#channel) return;
    this.channel = 'joining';
    const channel = supabase.channel(`call:${this.appointmentId}`, {
      config: { private: true, broadcast: { self: false, ack: true } },
    });
    this.#channel = channel;
    channel.on('broadcast', { event: 'signal' }, ({ payload }) => this.#receive(payload));
    // A private channel is authorized by the user's token, which the socket must have first.
    await supabase.realtime.setAuth();
    this.#selfId = (await supabase.auth.getSession()).data.session?.user.id ?? null;
    await new Promise<void>((done) => {
      channel.subscribe((status) => {
        if (String(status) === 'SUBSCRIBED') {
          this.channel = 'joined';
          // Broadcasts are not stored: a call ringing already is rung again for this tab.
          this.#send({ type: 'present', callId: '' });
        } else if (String(status) === 'CHANNEL_ERROR' && this.channel === 'joining') this.channel = 'denied';
        done();
      });
    });
  }

  /** Opens (or re-opens with other devices) the camera and microphone; errors go to mediaProblem. */
  async openMedia(choice: DeviceChoice = this.#choice): Promise<void> {
    this.#choice = choice;
    // Phones cannot open a second camera while one is running, so the old tracks go first.
    this.#stopLocal();
    try {
      const stream = await openMedia({ ...choice, facingMode: this.facing });
      this.local = stream;
      this.mediaProblem = '';
      this.#applyToggles();
      await this.#peer?.replaceTrack('video', stream.getVideoTracks()[0] ?? null);
      await this.#peer?.replaceTrack('audio', this.muted ? null : (stream.getAudioTracks()[0] ?? null));
    } catch (error) {
      this.mediaProblem = error instanceof Error ? error.message : String(error);
    }
  }

  /** The camera and microphone, opened once however many callers ask at the same time. */
  async ensureMedia(): Promise<void> {
    if (this.local) return;
    this.#opening ??= this.openMedia().finally(() => (this.#opening = null));
    await this.#opening;
  }

  async call(): Promise<void> {
    await this.ensureMedia();
    this.dispatch({ type: 'call', callId: crypto.randomUUID() });
  }

  async accept(): Promise<void> {
    await this.ensureMedia();
    this.dispatch({ type: 'accept' });
  }

  reject(): void {
    this.dispatch({ type: 'reject' });
  }

  hangUp(): void {
    this.dispatch({ type: 'hang-up' });
  }

  /** Restarts ICE, as after a network change (the old candidate pairs may be dead). */
  restartIce(): void {
    this.dispatch({ type: 'ice-failed' });
  }

  toggleMute(): void {
    this.muted = !this.muted;
    this.#applyToggles();
    // Sending no track at all (rather than a disabled one) means no audio leaves the device.
    void this.#peer?.replaceTrack('audio', this.muted ? null : (this.local?.getAudioTracks()[0] ?? null));
  }

  toggleCamera(): void {
    this.cameraOff = !this.cameraOff;
    this.#applyToggles();
  }

  /** Front ↔ back camera on phones: a new video track replaces the old one on the same sender. */
  async switchCamera(): Promise<void> {
    this.facing = this.facing === 'user' ? 'environment' : 'user';
    await this.openMedia({ microphoneId: this.#choice.microphoneId });
  }

  async stats(): Promise<CallStats | null> {
    return (await this.#peer?.stats()) ?? null;
  }

  /** Turns camera and microphone off (the page is gone), keeping the channel for incoming calls. */
  closeMedia(): void {
    this.#stopLocal();
    this.local = null;
  }

  /** Leaves the channel and releases the devices. */
  async leave(): Promise<void> {
    if (this.live) this.hangUp();
    this.#stopLocal();
    this.local = null;
    this.#clearTimers();
    const channel = this.#channel;
    this.#channel = null;
    this.channel = 'idle';
    if (channel) await supabase.removeChannel(channel);
  }

  /** Tells the other side the call is over when this tab goes away mid-call. */
  notifyUnload(): void {
    // A tab closing while it rings says nothing: the call may still be answered in another.
    if (this.live && this.state.phase !== 'ringing' && this.state.callId)
      this.#send({ type: 'end', callId: this.state.callId, reason: 'hung-up' });
  }

  dispatch(event: CallEvent): void {
    const [next, effects] = transition(this.state, event);
    this.state = next;
    this.#syncTimers();
    for (const effect of effects) this.#run(effect);
  }

  #receive(payload: unknown): void {
    // Anything malformed is dropped here; a well-formed signal of another attempt is ignored
    // by the machine.
    const signal = parseSignal(payload);
    if (!signal) return;
    const from = (payload as { from?: string }).from;
    this.dispatch({ type: 'signal', signal, fromSelf: from !== undefined && from === this.#selfId });
  }

  #send(signal: Signal): void {
    const payload = this.#selfId ? { ...signal, from: this.#selfId } : signal;
    void this.#channel?.send({ type: 'broadcast', event: 'signal', payload });
  }

  #run(effect: Effect): void {
    const { ringer } = this.#options;
    switch (effect.type) {
      case 'send':
        return this.#send(effect.signal);
      case 'start-ringing':
        if (!this.#ringing) ringer?.start();
        this.#ringing = true;
        return;
      case 'stop-ringing':
        // The ringer is shared by every appointment's session: stop only what this one started.
        if (this.#ringing) ringer?.stop();
        this.#ringing = false;
        return;
      case 'start-ring-timer':
        clearTimeout(this.#ringTimer);
        this.#ringTimer = setTimeout(
          () => this.dispatch({ type: 'ring-timeout' }),
          this.#options.ringTimeoutMs,
        );
        if (this.state.phase === 'calling') {
          clearInterval(this.#ringRepeat);
          this.#ringRepeat = setInterval(
            () => this.dispatch({ type: 'ring-again' }),
            this.#options.ringRepeatMs,
          );
        }
        return;
      case 'start-reconnect-timer':
        clearTimeout(this.#reconnectTimer);
        this.#reconnectTimer = setTimeout(
          () => this.dispatch({ type: 'reconnect-timeout' }),
          this.#options.reconnectTimeoutMs,
        );
        return;
      case 'record':
        return void this.#record(effect.event);
      default:
        this.#queue(effect);
    }
  }

  /** Peer work is asynchronous and order matters (offer before candidates), so it is queued. */
  #queue(effect: Effect): void {
    this.#work = this.#work
      .then(() => this.#runPeer(effect))
      .catch((error: unknown) => console.warn('call: WebRTC step failed', effect.type, error));
  }

  async #runPeer(effect: Effect): Promise<void> {
    const callId = this.state.callId;
    switch (effect.type) {
      case 'open-peer':
        this.#peer?.close();
        this.#peer = new Peer(this.#options.iceServers, this.local, !this.state.polite, {
          candidate: (candidate) => callId && this.#send({ type: 'candidate', callId, candidate }),
          remoteStream: (stream) => (this.remote = stream),
          connectivity: (up) => this.dispatch({ type: up ? 'ice-connected' : 'ice-failed' }),
        });
        if (this.muted) await this.#peer.replaceTrack('audio', null);
        return;
      case 'make-offer': {
        const sdp = await this.#peer?.makeOffer(effect.restart);
        if (sdp && callId) this.#send({ type: 'offer', callId, sdp, restart: effect.restart });
        return;
      }
      case 'apply-offer': {
        const sdp = await this.#peer?.applyOffer(effect.sdp);
        if (sdp && callId) this.#send({ type: 'answer', callId, sdp });
        return;
      }
      case 'apply-answer':
        return this.#peer?.applyAnswer(effect.sdp);
      case 'add-candidate':
        return this.#peer?.addCandidate(effect.candidate as RTCIceCandidateInit);
      case 'close-peer':
        this.#peer?.close();
        this.#peer = null;
        this.remote = null;
        return;
    }
  }

  async #record(event: 'started' | 'answered' | 'ended'): Promise<void> {
    const { error } = await supabase.rpc('record_call_event', { appointment_id: this.appointmentId, event });
    // The log is secondary to the call itself: a refused stamp must not end a call.
    if (error) console.warn('call: could not record', event, error.message);
  }

  /** Timers belong to a phase; leaving it cancels them so a stale one cannot end a later call. */
  #syncTimers(): void {
    const { phase } = this.state;
    if (phase !== 'calling' && phase !== 'ringing') clearTimeout(this.#ringTimer);
    if (phase !== 'calling') clearInterval(this.#ringRepeat);
    if (phase !== 'reconnecting' && phase !== 'connecting') clearTimeout(this.#reconnectTimer);
  }

  #clearTimers(): void {
    clearTimeout(this.#ringTimer);
    clearInterval(this.#ringRepeat);
    clearTimeout(this.#reconnectTimer);
  }

  #applyToggles(): void {
    for (const track of this.local?.getAudioTracks() ?? []) track.enabled = !this.muted;
    for (const track of this.local?.getVideoTracks() ?? []) track.enabled = !this.cameraOff;
  }

  #stopLocal(): void {
    for (const track of this.local?.getTracks() ?? []) track.stop();
  }
}

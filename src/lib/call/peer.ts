import { summarizeStats, type CallStats } from './stats.ts';

export interface PeerEvents {
  candidate(candidate: RTCIceCandidateInit): void;
  remoteStream(stream: MediaStream): void;
  /** ICE is connected (again), or it failed or dropped. */
  connectivity(up: boolean): void;
}

/**
 * One RTCPeerConnection for one call attempt. Only the calling side ever offers (see
 * machine.ts), so there is no offer collision to handle. Remote ICE candidates that arrive
 * before the description they belong to are held back and added once it is set.
 */
export class Peer {
  readonly #pc: RTCPeerConnection;
  readonly #events: PeerEvents;
  #pending: RTCIceCandidateInit[] = [];
  /** True from making an ICE-restart offer until its answer is applied: new candidates wait. */
  #awaitingAnswer = false;

  constructor(iceServers: RTCIceServer[], local: MediaStream | null, offering: boolean, events: PeerEvents) {
    this.#events = events;
    const pc = new RTCPeerConnection({ iceServers });
    this.#pc = pc;
    const tracks = local?.getTracks() ?? [];
    for (const track of tracks) pc.addTrack(track, local!);
    // Without a camera or microphone the offer must still ask for the other side's. (The
    // answering side gets its transceivers from the offer.)
    for (const kind of ['audio', 'video'] as const) {
      if (offering && !tracks.some((track) => track.kind === kind))
        pc.addTransceiver(kind, { direction: 'recvonly' });
    }
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) events.candidate(candidate.toJSON());
    };
    pc.ontrack = ({ streams, track }) => {
      events.remoteStream(streams[0] ?? new MediaStream([track]));
    };
    pc.oniceconnectionstatechange = () => this.#reportConnectivity();
  }

  #reportConnectivity(): void {
    const state = this.#pc.iceConnectionState;
    if (state === 'connected' || state === 'completed') this.#events.connectivity(true);
    else if (state === 'failed' || state === 'disconnected') this.#events.connectivity(false);
  }

  async makeOffer(restart: boolean): Promise<string> {
    const offer = await this.#pc.createOffer({ iceRestart: restart });
    await this.#pc.setLocalDescription(offer);
    this.#awaitingAnswer = restart;
    return offer.sdp ?? '';
  }

  async applyOffer(sdp: string): Promise<string> {
    await this.#pc.setRemoteDescription({ type: 'offer', sdp });
    await this.#flush();
    const answer = await this.#pc.createAnswer();
    await this.#pc.setLocalDescription(answer);
    // After an ICE restart the connection may never have left "connected": say so.
    this.#reportConnectivity();
    return answer.sdp ?? '';
  }

  async applyAnswer(sdp: string): Promise<void> {
    if (this.#pc.signalingState !== 'have-local-offer') return;
    await this.#pc.setRemoteDescription({ type: 'answer', sdp });
    this.#awaitingAnswer = false;
    await this.#flush();
    this.#reportConnectivity();
  }

  async addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (!this.#pc.remoteDescription || this.#awaitingAnswer) {
      this.#pending.push(candidate);
      return;
    }
    await this.#pc.addIceCandidate(candidate).catch(() => undefined);
  }

  async #flush(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    for (const candidate of pending) await this.#pc.addIceCandidate(candidate).catch(() => undefined);
  }

  /** Sends another track (switched camera, unmuted microphone) or none, without renegotiating. */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const sender = this.#pc.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender;
    await sender?.replaceTrack(track);
  }

  async stats(): Promise<CallStats> {
    return summarizeStats(await this.#pc.getStats());
  }

  close(): void {
    this.#pc.oniceconnectionstatechange = null;
    this.#pc.onicecandidate = null;
    this.#pc.ontrack = null;
    this.#pc.close();
  }
}

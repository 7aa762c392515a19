import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Peer, type PeerEvents } from './peer.ts';

/**
 * Just enough of RTCPeerConnection to watch the order of descriptions and candidates: Node has
 * no WebRTC, and the browser path is covered end to end in tests/e2e/call.spec.ts.
 */
class FakeConnection {
  static last: FakeConnection;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  signalingState: RTCSignalingState = 'stable';
  iceConnectionState: RTCIceConnectionState = 'new';
  added: string[] = [];
  log: string[] = [];
  transceivers: string[] = [];
  oniceconnectionstatechange: (() => void) | null = null;
  onicecandidate: unknown = null;
  ontrack: unknown = null;

  constructor() {
    FakeConnection.last = this;
  }
  addTrack(): void {}
  addTransceiver(kind: string): void {
    this.transceivers.push(kind);
  }
  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit> {
    return Promise.resolve({ type: 'offer', sdp: options?.iceRestart ? 'restart-offer' : 'offer' });
  }
  createAnswer(): Promise<RTCSessionDescriptionInit> {
    return Promise.resolve({ type: 'answer', sdp: 'answer' });
  }
  setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.signalingState = description.type === 'offer' ? 'have-local-offer' : 'stable';
    this.log.push(`local ${description.sdp}`);
    return Promise.resolve();
  }
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = description;
    this.signalingState = description.type === 'offer' ? 'have-remote-offer' : 'stable';
    this.log.push(`remote ${description.sdp}`);
    return Promise.resolve();
  }
  addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (!this.remoteDescription) return Promise.reject(new Error('no remote description'));
    this.added.push(candidate.candidate ?? '');
    this.log.push(`candidate ${candidate.candidate}`);
    return Promise.resolve();
  }
  close(): void {}
}

const candidate = (name: string): RTCIceCandidateInit => ({ candidate: name, sdpMid: '0' });

function events(): PeerEvents & { up: boolean[] } {
  const up: boolean[] = [];
  return { up, candidate: () => undefined, remoteStream: () => undefined, connectivity: (u) => up.push(u) };
}

describe('Peer', () => {
  beforeEach(() => vi.stubGlobal('RTCPeerConnection', FakeConnection));
  afterEach(() => vi.unstubAllGlobals());

  it('holds candidates that arrive before the offer, and adds them once it is set', async () => {
    const peer = new Peer([], null, false, events());
    const pc = FakeConnection.last;
    await peer.addCandidate(candidate('early-1'));
    await peer.addCandidate(candidate('early-2'));
    expect(pc.added).toEqual([]);
    expect(await peer.applyOffer('offer')).toBe('answer');
    expect(pc.log).toEqual(['remote offer', 'candidate early-1', 'candidate early-2', 'local answer']);
    await peer.addCandidate(candidate('late'));
    expect(pc.added).toEqual(['early-1', 'early-2', 'late']);
  });

  it('on the offering side holds candidates until the answer, also during an ICE restart', async () => {
    const peer = new Peer([], null, true, events());
    const pc = FakeConnection.last;
    // No camera or microphone: the offer still asks for the other side's.
    expect(pc.transceivers).toEqual(['audio', 'video']);
    expect(await peer.makeOffer(false)).toBe('offer');
    await peer.addCandidate(candidate('before-answer'));
    expect(pc.added).toEqual([]);
    await peer.applyAnswer('answer');
    expect(pc.added).toEqual(['before-answer']);

    // The restart offer has new credentials: the other side's old-generation candidates and
    // the new ones wait for the answer that belongs to it.
    expect(await peer.makeOffer(true)).toBe('restart-offer');
    await peer.addCandidate(candidate('restart'));
    expect(pc.added).toEqual(['before-answer']);
    await peer.applyAnswer('restart-answer');
    expect(pc.added).toEqual(['before-answer', 'restart']);
  });

  it('ignores an answer it did not ask for', async () => {
    const peer = new Peer([], null, true, events());
    await peer.applyAnswer('stray');
    expect(FakeConnection.last.remoteDescription).toBeNull();
  });

  it('reports connectivity from the ICE connection state', () => {
    const watcher = events();
    new Peer([], null, true, watcher);
    const pc = FakeConnection.last;
    for (const state of ['checking', 'connected', 'disconnected', 'completed', 'failed'] as const) {
      pc.iceConnectionState = state;
      pc.oniceconnectionstatechange?.();
    }
    expect(watcher.up).toEqual([true, false, true, false]);
  });
});

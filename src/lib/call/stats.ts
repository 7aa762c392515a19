/** The few WebRTC figures the app (and its tests and benchmark) look at. */
export interface CallStats {
  inboundAudioBytes: number;
  inboundVideoBytes: number;
  outboundAudioBytes: number;
  outboundVideoBytes: number;
  /** Round-trip time of the selected candidate pair, when known. */
  roundTripMs: number | null;
}

interface StatsEntry {
  type?: string;
  kind?: string;
  mediaType?: string;
  bytesReceived?: number;
  bytesSent?: number;
  state?: string;
  nominated?: boolean;
  currentRoundTripTime?: number;
}

/**
 * Sums an RTCStatsReport (https://www.w3.org/TR/webrtc-stats/) into bytes per direction and kind.
 * @example summarizeStats(await peer.getStats()).inboundVideoBytes
 */
export function summarizeStats(report: { forEach(callback: (value: StatsEntry) => void): void }): CallStats {
  const stats: CallStats = {
    inboundAudioBytes: 0,
    inboundVideoBytes: 0,
    outboundAudioBytes: 0,
    outboundVideoBytes: 0,
    roundTripMs: null,
  };
  report.forEach((entry) => {
    const kind = entry.kind ?? entry.mediaType;
    if (entry.type === 'inbound-rtp') {
      if (kind === 'audio') stats.inboundAudioBytes += entry.bytesReceived ?? 0;
      if (kind === 'video') stats.inboundVideoBytes += entry.bytesReceived ?? 0;
    } else if (entry.type === 'outbound-rtp') {
      if (kind === 'audio') stats.outboundAudioBytes += entry.bytesSent ?? 0;
      if (kind === 'video') stats.outboundVideoBytes += entry.bytesSent ?? 0;
    } else if (entry.type === 'candidate-pair' && entry.state === 'succeeded' && entry.nominated) {
      if (typeof entry.currentRoundTripTime === 'number')
        stats.roundTripMs = entry.currentRoundTripTime * 1000;
    }
  });
  return stats;
}

/**
 * The microphone's loudness (0–1) from an AnalyserNode, for the pre-call check, so a user sees
 * their microphone works before calling.
 */
export class LevelMeter {
  level = $state(0);
  #context: AudioContext | null = null;
  #frame = 0;

  start(stream: MediaStream | null): void {
    this.stop();
    if (!stream || stream.getAudioTracks().length === 0 || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    this.#context = context;
    const samples = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      // RMS scaled so normal speech fills most of the bar.
      this.level = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      this.#frame = requestAnimationFrame(tick);
    };
    tick();
  }

  stop(): void {
    cancelAnimationFrame(this.#frame);
    this.#context?.close().catch(() => undefined);
    this.#context = null;
    this.level = 0;
  }
}

/**
 * The ring of an incoming call, made with WebAudio (no audio file to load or cache): two tones
 * together, two seconds on, four off, like a phone. Browsers may block audio until the user has
 * interacted with the page; then the dialog alone announces the call.
 */
export class RingTone {
  #context: AudioContext | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #users = 0;

  start(): void {
    this.#users += 1;
    if (this.#users > 1 || typeof AudioContext === 'undefined') return;
    try {
      this.#context = new AudioContext();
      // Resolves only once autoplay is allowed; a rejection just means a silent ring.
      this.#context.resume().catch(() => undefined);
      this.#burst();
      this.#timer = setInterval(() => this.#burst(), 6000);
    } catch {
      this.#context = null;
    }
  }

  stop(): void {
    if (this.#users === 0) return;
    this.#users -= 1;
    if (this.#users > 0) return;
    clearInterval(this.#timer);
    this.#context?.close().catch(() => undefined);
    this.#context = null;
  }

  #burst(): void {
    const context = this.#context;
    if (!context || context.state !== 'running') return;
    const gain = context.createGain();
    gain.connect(context.destination);
    const now = context.currentTime;
    gain.gain.setValueAtTime(0, now);
    gain.gain.linearRampToValueAtTime(0.15, now + 0.05);
    gain.gain.setValueAtTime(0.15, now + 1.95);
    gain.gain.linearRampToValueAtTime(0, now + 2);
    for (const frequency of [440, 480]) {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(now);
      tone.stop(now + 2);
    }
  }
}

/** The one ring of the app: several ringing calls still ring once. */
export const ringTone = new RingTone();

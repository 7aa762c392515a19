import type { Role } from '../auth/session.svelte.ts';
import type { CallSession } from './call.svelte.ts';
import { listDevices, type DeviceLists } from './devices.ts';
import { LevelMeter } from './level.svelte.ts';
import { acquireCall, releaseCall } from './registry.svelte.ts';
import { statusText } from './status.ts';
import { callAvailability, type Availability, type CallableAppointment } from './window.ts';

export interface CallAppointment extends CallableAppointment {
  id: string;
  doctor_id: string;
  patient_id: string;
  doctor: { profile: { full_name: string } | null } | null;
  patient: { profile: { full_name: string } | null } | null;
}

/**
 * The call page's state: whether a call is possible now, the pre-call check (preview, microphone
 * level, device choice) and the appointment's call session once it is.
 */
export class CallScreen {
  now = $state(Date.now());
  devices = $state<DeviceLists>({ cameras: [], microphones: [] });
  cameraId = $state('');
  microphoneId = $state('');
  session = $state<CallSession | null>(null);
  readonly meter = new LevelMeter();
  readonly appointment: CallAppointment | null;
  readonly role: Role;
  readonly availability: Availability = $derived.by(() => callAvailability(this.appointment, this.now));
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(appointment: CallAppointment | null, role: Role) {
    this.appointment = appointment;
    this.role = role;
  }

  get otherName(): string {
    const other = this.role === 'doctor' ? this.appointment?.patient : this.appointment?.doctor;
    return other?.profile?.full_name ?? (this.role === 'doctor' ? 'your patient' : 'your doctor');
  }

  get otherId(): string {
    return (this.role === 'doctor' ? this.appointment?.patient_id : this.appointment?.doctor_id) ?? '';
  }

  get status(): string {
    return this.session ? statusText(this.session.state, this.otherName) : '';
  }

  /** Starts the page; returns the function that ends it (hanging up a call still running). */
  start(): () => void {
    void this.#tick();
    this.#timer = setInterval(() => void this.#tick(), 15_000);
    return () => {
      clearInterval(this.#timer);
      this.meter.stop();
      if (this.session) {
        if (this.session.live) this.session.hangUp();
        this.session.closeMedia();
        releaseCall(this.session.appointmentId);
      }
    };
  }

  async #tick(): Promise<void> {
    this.now = Date.now();
    if (this.availability.kind !== 'ready' || this.session || !this.appointment) return;
    const session = acquireCall(this.appointment.id);
    this.session = session;
    await session.ensureMedia();
    await this.#afterMedia();
  }

  /** Re-opens camera and microphone with the devices picked in the lists. */
  async chooseDevices(): Promise<void> {
    if (!this.session) return;
    await this.session.openMedia({
      cameraId: this.cameraId || undefined,
      microphoneId: this.microphoneId || undefined,
    });
    await this.#afterMedia();
  }

  /** Tries the camera and microphone again (after the user allowed access). */
  async retryMedia(): Promise<void> {
    await this.session?.openMedia();
    await this.#afterMedia();
  }

  async #afterMedia(): Promise<void> {
    const local = this.session?.local ?? null;
    this.meter.start(local);
    // Device labels are only readable once access was granted.
    this.devices = await listDevices();
    this.cameraId = local?.getVideoTracks()[0]?.getSettings().deviceId ?? this.cameraId;
    this.microphoneId = local?.getAudioTracks()[0]?.getSettings().deviceId ?? this.microphoneId;
  }
}

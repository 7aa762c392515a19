/** Cameras and microphones: listing them, opening them, and saying clearly why that failed. */

export interface DeviceChoice {
  cameraId?: string;
  microphoneId?: string;
  /** Front (`user`) or back (`environment`) camera on phones; ignored when cameraId is set. */
  facingMode?: 'user' | 'environment';
}

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
}

/**
 * What to tell the user when getUserMedia fails, by the DOMException name the spec defines
 * (https://w3c.github.io/mediacapture-main/#dom-mediadevices-getusermedia).
 */
export function mediaErrorMessage(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera and microphone access is blocked. Allow it for this site in your browser’s settings (the icon next to the address), then try again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera or microphone was found. Connect one (or pick another in the list) and try again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'Your camera or microphone is busy or could not start. Close other apps that use it, then try again.';
    case 'NoMediaDevices':
      return 'This browser cannot use a camera and microphone here. Use a current browser over a secure (https) connection.';
    default:
      return `The camera and microphone could not be started${error instanceof Error && error.message ? ` (${error.message})` : ''}. Try again.`;
  }
}

/** Constraints for getUserMedia from a choice of devices. */
export function mediaConstraints(choice: DeviceChoice = {}): MediaStreamConstraints {
  const video: MediaTrackConstraints = choice.cameraId
    ? { deviceId: { exact: choice.cameraId } }
    : { facingMode: choice.facingMode ?? 'user' };
  return {
    audio: choice.microphoneId
      ? { deviceId: { exact: choice.microphoneId }, echoCancellation: true, noiseSuppression: true }
      : { echoCancellation: true, noiseSuppression: true },
    video: { ...video, width: { ideal: 1280 }, height: { ideal: 720 } },
  };
}

/** Opens camera and microphone; throws an Error whose message is for the user. */
export async function openMedia(choice: DeviceChoice = {}): Promise<MediaStream> {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    throw new Error(mediaErrorMessage(new DOMException('no mediaDevices', 'NoMediaDevices')));
  }
  try {
    return await navigator.mediaDevices.getUserMedia(mediaConstraints(choice));
  } catch (error) {
    throw new Error(mediaErrorMessage(error), { cause: error });
  }
}

/** The cameras and microphones; labels are empty until the user has allowed access once. */
export async function listDevices(): Promise<DeviceLists> {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.enumerateDevices) {
    return { cameras: [], microphones: [] };
  }
  const devices = await navigator.mediaDevices.enumerateDevices();
  return {
    cameras: devices.filter((device) => device.kind === 'videoinput'),
    microphones: devices.filter((device) => device.kind === 'audioinput'),
  };
}

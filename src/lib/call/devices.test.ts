import { describe, expect, it } from 'vitest';
import { mediaConstraints, mediaErrorMessage } from './devices.ts';

const failure = (name: string, message = '') => new DOMException(message, name);

describe('camera and microphone errors', () => {
  it('permission denied says access is blocked and how to allow it', () => {
    expect(mediaErrorMessage(failure('NotAllowedError'))).toMatch(/^Camera and microphone access is blocked/);
    expect(mediaErrorMessage(failure('SecurityError'))).toMatch(/^Camera and microphone access is blocked/);
  });

  it('no device says none was found', () => {
    expect(mediaErrorMessage(failure('NotFoundError'))).toMatch(/^No camera or microphone was found/);
    expect(mediaErrorMessage(failure('OverconstrainedError'))).toMatch(/^No camera or microphone was found/);
  });

  it('a busy device says another app may use it', () => {
    expect(mediaErrorMessage(failure('NotReadableError'))).toMatch(/busy/);
    expect(mediaErrorMessage(failure('AbortError'))).toMatch(/busy/);
  });

  it('an insecure context or missing API says what is needed', () => {
    expect(mediaErrorMessage(failure('NoMediaDevices'))).toMatch(/secure \(https\)/);
  });

  it('anything else keeps the browser’s message', () => {
    expect(mediaErrorMessage(new Error('boom'))).toBe(
      'The camera and microphone could not be started (boom). Try again.',
    );
    expect(mediaErrorMessage('weird')).toBe('The camera and microphone could not be started. Try again.');
  });
});

describe('media constraints', () => {
  it('asks for the front camera by default and exact devices when chosen', () => {
    expect(mediaConstraints().video).toMatchObject({ facingMode: 'user' });
    expect(mediaConstraints({ facingMode: 'environment' }).video).toMatchObject({
      facingMode: 'environment',
    });
    const chosen = mediaConstraints({ cameraId: 'cam', microphoneId: 'mic' });
    expect(chosen.video).toMatchObject({ deviceId: { exact: 'cam' } });
    expect(chosen.audio).toMatchObject({ deviceId: { exact: 'mic' } });
  });
});

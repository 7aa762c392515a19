import type { Attachment } from 'svelte/attachments';

/** Shows a MediaStream in a <video> (srcObject has no attribute form). */
export function showStream(stream: MediaStream | null): Attachment<HTMLVideoElement> {
  return (video) => {
    if (video.srcObject !== stream) video.srcObject = stream;
  };
}

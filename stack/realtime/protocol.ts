/**
 * Phoenix channel frames as realtime-js speaks them (compat doc §4.2): vsn 1.0.0 sends JSON
 * objects; vsn 2.0.0 sends JSON arrays, and `channel.send()` broadcasts as binary "kind 3"
 * frames. We always answer in text, which both versions accept.
 */
export interface Frame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

export class FrameError extends Error {}

export type Version = '1.0.0' | '2.0.0';

const decoder = new TextDecoder();

function decodeBinary(data: Buffer): Frame {
  if (data[0] !== 3)
    throw new FrameError('only user broadcast pushes (kind 3) are accepted as binary frames');
  const [joinRefLen, refLen, topicLen, eventLen, metaLen, encoding] = [
    data[1]!,
    data[2]!,
    data[3]!,
    data[4]!,
    data[5]!,
    data[6]!,
  ];
  let offset = 7;
  const take = (length: number) => {
    const text = decoder.decode(data.subarray(offset, offset + length));
    offset += length;
    return text;
  };
  const joinRef = take(joinRefLen);
  const ref = take(refLen);
  const topic = take(topicLen);
  const event = take(eventLen);
  take(metaLen);
  const body = data.subarray(offset);
  const payload: unknown =
    encoding === 1 ? JSON.parse(decoder.decode(body)) : Buffer.from(body).toString('base64');
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    event: 'broadcast',
    payload: { type: 'broadcast', event, payload },
  };
}

export function decode(data: Buffer, isBinary: boolean, version: Version): Frame {
  if (isBinary) return decodeBinary(data);
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch {
    throw new FrameError('frame is not JSON');
  }
  if (version === '2.0.0') {
    if (!Array.isArray(parsed) || parsed.length !== 5)
      throw new FrameError('a frame must be [join_ref, ref, topic, event, payload]');
    const [joinRef, ref, topic, event, payload] = parsed as unknown[];
    if (typeof topic !== 'string' || typeof event !== 'string')
      throw new FrameError('topic and event must be strings');
    return {
      joinRef: (joinRef as string | null) ?? null,
      ref: (ref as string | null) ?? null,
      topic,
      event,
      payload,
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new FrameError('a frame must be an object');
  const frame = parsed as Record<string, unknown>;
  if (typeof frame.topic !== 'string' || typeof frame.event !== 'string')
    throw new FrameError('topic and event must be strings');
  return {
    joinRef: (frame.join_ref as string | null) ?? null,
    ref: (frame.ref as string | null) ?? null,
    topic: frame.topic,
    event: frame.event,
    payload: frame.payload,
  };
}

export function encode(frame: Frame, version: Version): string {
  return version === '2.0.0'
    ? JSON.stringify([frame.joinRef, frame.ref, frame.topic, frame.event, frame.payload])
    : JSON.stringify({
        join_ref: frame.joinRef,
        ref: frame.ref,
        topic: frame.topic,
        event: frame.event,
        payload: frame.payload,
      });
}

/**
 * ICE servers from `PUBLIC_ICE_SERVERS`, a JSON array of RTCIceServer. A bad value must not
 * break calling: without servers, peers on the same network (and loopback) still connect.
 * @example parseIceServers('[{"urls":"stun:stun.example.org"}]') // [{ urls: 'stun:stun.example.org' }]
 */
export function parseIceServers(
  raw: string | undefined,
  warn: (message: string) => void = console.warn,
): RTCIceServer[] {
  if (!raw || !raw.trim()) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    warn('PUBLIC_ICE_SERVERS is not valid JSON; calling without ICE servers.');
    return [];
  }
  if (!Array.isArray(value)) {
    warn('PUBLIC_ICE_SERVERS must be a JSON array of RTCIceServer; calling without ICE servers.');
    return [];
  }
  const servers = value.filter(isIceServer);
  if (servers.length !== value.length) warn('PUBLIC_ICE_SERVERS: ignored entries without valid "urls".');
  return servers;
}

function isIceServer(value: unknown): value is RTCIceServer {
  if (typeof value !== 'object' || value === null) return false;
  const { urls, username, credential } = value as Record<string, unknown>;
  const validUrl = (url: unknown) => typeof url === 'string' && /^(stun|stuns|turn|turns):/.test(url);
  const urlsOk = Array.isArray(urls) ? urls.length > 0 && urls.every(validUrl) : validUrl(urls);
  return (
    urlsOk &&
    (username === undefined || typeof username === 'string') &&
    (credential === undefined || typeof credential === 'string')
  );
}

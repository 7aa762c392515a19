/** The services behind the gateway, each reached on a unix socket. */
export type ServiceName = 'auth' | 'rest' | 'realtime' | 'storage' | 'functions';

export interface Route {
  service: ServiceName;
  /** Path sent upstream (prefix stripped, as Kong's `strip_path`). */
  path: string;
  /** Open routes are reached from links and <img> tags that carry no API key. */
  open: boolean;
  extraHeaders?: Record<string, string>;
}

const OPEN_AUTH = /^\/auth\/v1\/(verify|callback|authorize)(\/|\?|$)/;
const OPEN_STORAGE =
  /^\/storage\/v1\/(object\/public|object\/sign|render\/image\/public|render\/image\/sign|object\/upload\/sign)\//;

/**
 * Maps a gateway URL (path + query) to a service, as the CLI's kong.yml does (compat doc §1.1).
 * Returns undefined when no route matches.
 */
export function matchRoute(url: string): Route | undefined {
  const strip = (prefix: string) => url.slice(prefix.length) || '/';
  const prefixed = (prefix: string) =>
    url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);
  if (prefixed('/auth/v1')) return { service: 'auth', path: strip('/auth/v1'), open: OPEN_AUTH.test(url) };
  if (prefixed('/rest/v1')) return { service: 'rest', path: strip('/rest/v1'), open: false };
  if (prefixed('/graphql/v1')) {
    const query = url.indexOf('?');
    return {
      service: 'rest',
      path: `/rpc/graphql${query >= 0 ? url.slice(query) : ''}`,
      open: false,
      extraHeaders: { 'content-profile': 'graphql_public' },
    };
  }
  if (prefixed('/realtime/v1/api'))
    return { service: 'realtime', path: `/api${strip('/realtime/v1/api')}`, open: false };
  if (prefixed('/realtime/v1'))
    return { service: 'realtime', path: `/socket${strip('/realtime/v1')}`, open: false };
  if (prefixed('/storage/v1'))
    return { service: 'storage', path: strip('/storage/v1'), open: OPEN_STORAGE.test(url) };
  if (prefixed('/functions/v1')) return { service: 'functions', path: strip('/functions/v1'), open: false };
  return undefined;
}

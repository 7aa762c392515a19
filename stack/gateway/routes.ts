/** The services behind the gateway, each reached on a unix socket. */
export type ServiceName = 'auth' | 'rest' | 'realtime' | 'storage' | 'functions';

export interface Route {
  service: ServiceName;
  /** Path sent upstream (prefix stripped, as Kong's `strip_path`). */
  path: string;
  extraHeaders?: Record<string, string>;
}

/**
 * Maps a gateway URL (path + query) to a service, as the CLI's kong.yml does (supabase/cli `internal/start/templates/kong.yml`).
 * Returns undefined when no route matches.
 */
export function matchRoute(url: string): Route | undefined {
  const strip = (prefix: string) => url.slice(prefix.length) || '/';
  const prefixed = (prefix: string) =>
    url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`);
  if (prefixed('/auth/v1')) return { service: 'auth', path: strip('/auth/v1') };
  if (prefixed('/rest/v1')) return { service: 'rest', path: strip('/rest/v1') };
  if (prefixed('/graphql/v1')) {
    const query = url.indexOf('?');
    return {
      service: 'rest',
      path: `/rpc/graphql${query >= 0 ? url.slice(query) : ''}`,
      extraHeaders: { 'content-profile': 'graphql_public' },
    };
  }
  if (prefixed('/realtime/v1/api')) return { service: 'realtime', path: `/api${strip('/realtime/v1/api')}` };
  if (prefixed('/realtime/v1')) return { service: 'realtime', path: `/socket${strip('/realtime/v1')}` };
  if (prefixed('/storage/v1')) return { service: 'storage', path: strip('/storage/v1') };
  if (prefixed('/functions/v1')) return { service: 'functions', path: strip('/functions/v1') };
  return undefined;
}

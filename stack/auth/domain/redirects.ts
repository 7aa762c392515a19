/**
 * Where an email link may send a user, as GoTrue decides it (supabase/auth
 * `internal/utilities/request.go`, IsRedirectURLValid): back to the site URL, to a loopback
 * address, or to a URL matching one of `additional_redirect_urls` — otherwise the site URL.
 *
 * GoTrue matches each glob against the whole URL string, so `http://127.0.0.1:*` also matched
 * `http://127.0.0.1:@evil%2Ecom/steal` (`*` crosses `@` and `%`). Here the URL is split and
 * checked first: no userinfo, no percent-encoded or non-ASCII host, no backslashes or control
 * characters, and the host must read the same to a browser as to us. Then scheme, host, port and
 * path+query are matched separately, each with GoTrue's glob semantics (gobwas/glob with `.` and
 * `/` as separators).
 */

export interface RedirectConfig {
  siteUrl: string;
  additionalRedirectUrls: string[];
}

/** Schemes that run code or read local data in a browser: never a redirect target. */
const DANGEROUS_SCHEMES = new Set(['javascript', 'data', 'vbscript', 'file', 'blob', 'filesystem']);

/** RFC 3986 scheme, then `//authority`, then the rest (path, query, fragment). */
const URL_PARTS = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i;
/** A registered name as GoTrue accepts it (its `regularHostname`), or a bracketed IPv6 literal. */
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/i;

interface Parts {
  scheme: string;
  host: string;
  /** The port as written; '' when absent. */
  port: string;
  /** Path and query, without the fragment. */
  rest: string;
}

/** Splits a candidate URL, or returns undefined when any part is ambiguous or hostile. */
export function parseRedirect(raw: string): Parts | undefined {
  // Printable ASCII only: no spaces, tabs or newlines (browsers strip them), no backslashes
  // (browsers read them as `/`), no Unicode look-alike dots.
  if (raw.length > 2048 || !/^[\x21-\x7e]+$/.test(raw) || raw.includes('\\')) return undefined;
  const match = URL_PARTS.exec(raw);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  const authority = match[2]!;
  if (DANGEROUS_SCHEMES.has(scheme)) return undefined;
  const hostPort = HOST_PORT.exec(authority);
  if (!hostPort) return undefined; // userinfo (`@`), `%`, an empty host, a non-numeric port …
  const host = hostPort[1]!.toLowerCase();
  const port = hostPort[2] ?? '';
  if (port && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  if (/^\d+$/.test(host)) return undefined; // `http://2130706433/` (GoTrue refuses these too)
  if (scheme === 'http' || scheme === 'https') {
    // The browser must see the same host we checked (no `0x7f.1`, `127.1`, `[0::1]` rewriting).
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      return undefined;
    }
    if (parsed.hostname !== host) return undefined;
  }
  const rest = match[3]!.split('#')[0]!;
  return { scheme, host, port, rest };
}

function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host === '[::1]' ||
    /^127\.(?:25[0-5]|2[0-4]\d|1?\d?\d)\.(?:25[0-5]|2[0-4]\d|1?\d?\d)\.(?:25[0-5]|2[0-4]\d|1?\d?\d)$/.test(
      host,
    )
  );
}

/** The position after a glob group starting at `open` (`[…]` or `{…}`), honouring escapes and nesting. */
function groupEnd(glob: string, open: number, close: string): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === glob[open]) depth++;
    else if (glob[i] === close && --depth === 0) return i;
  }
  return -1;
}

/** Splits `{a,b}` contents on top-level commas. */
function alternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** gobwas/glob syntax as a regular-expression source, with `.` and `/` as separators. */
function globSource(glob: string): string {
  const notSeparator = '[^./]';
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '\\' && i + 1 < glob.length) source += escapeRegExp(glob[++i]!);
    else if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') source += `${notSeparator}*`;
    else if (char === '?') source += notSeparator;
    else if (char === '[' && groupEnd(glob, i, ']') > i) {
      const end = groupEnd(glob, i, ']');
      const body = glob.slice(i + 1, end);
      const negated = body.startsWith('!');
      const members = (negated ? body.slice(1) : body).replace(/[\]\\^]/g, '\\$&');
      source += negated ? `[^./${members}]` : `[${members}]`;
      i = end;
    } else if (char === '{' && groupEnd(glob, i, '}') > i) {
      const end = groupEnd(glob, i, '}');
      source += `(?:${alternatives(glob.slice(i + 1, end))
        .map(globSource)
        .join('|')})`;
      i = end;
    } else source += escapeRegExp(char);
  }
  return source;
}

/** True when `value` matches the whole glob (case-sensitive, as GoTrue). */
export function globMatch(glob: string, value: string): boolean {
  return new RegExp(`^(?:${globSource(glob)})$`).test(value);
}

/** Splits an allow-list pattern like the URL it describes; the parts stay globs. */
function patternParts(pattern: string): Parts | undefined {
  const match = URL_PARTS.exec(pattern);
  if (!match) return undefined;
  const authority = match[2]!;
  const bracket = authority.startsWith('[') ? authority.indexOf(']') : -1;
  const colon = authority.indexOf(':', bracket + 1);
  return {
    scheme: match[1]!.toLowerCase(),
    host: (colon >= 0 ? authority.slice(0, colon) : authority).toLowerCase(),
    port: colon >= 0 ? authority.slice(colon + 1) : '',
    rest: match[3]!.split('#')[0]!,
  };
}

function matchesPattern(pattern: string, url: Parts): boolean {
  const glob = patternParts(pattern);
  if (!glob || glob.scheme !== url.scheme) return false;
  if (!globMatch(glob.host, url.host)) return false;
  // A pattern without a port allows only the scheme's default port (written or not).
  if (glob.port ? !url.port || !globMatch(glob.port, url.port) : url.port && !isDefaultPort(url))
    return false;
  // `https://app.test` and `https://app.test/` are the same page.
  if (!glob.rest) return url.rest === '' || url.rest === '/';
  return globMatch(glob.rest, url.rest || '/');
}

function isDefaultPort(url: Parts): boolean {
  return (url.scheme === 'http' && url.port === '80') || (url.scheme === 'https' && url.port === '443');
}

/** True when GoTrue's rules (tightened as described above) let an email link lead to `raw`. */
export function isRedirectAllowed(config: RedirectConfig, raw: string): boolean {
  const url = parseRedirect(raw);
  if (!url) return false;
  const site = parseRedirect(config.siteUrl);
  const web = url.scheme === 'http' || url.scheme === 'https';
  // Back to the site: scheme and host must match; any port on loopback (RFC 8252 §7.3).
  if (site && site.scheme === url.scheme && site.host === url.host) {
    if (site.port === url.port || isLoopback(url.host)) return true;
  }
  // Loopback addresses never leave the user's machine (GoTrue allows any loopback IP).
  if (web && isLoopback(url.host) && url.host !== 'localhost') return true;
  return config.additionalRedirectUrls.some((pattern) => matchesPattern(pattern, url));
}

/** The redirect to use: the requested one when allowed, else the site URL (GoTrue never errors here). */
export function chooseRedirect(config: RedirectConfig, requested: string | null | undefined): string {
  return requested && isRedirectAllowed(config, requested) ? requested : config.siteUrl;
}

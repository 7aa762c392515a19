import { describe, expect, it } from 'vitest';
import { HOSTILE_REDIRECTS } from '../../../tests/helpers/hostile-urls.ts';
import { chooseRedirect, globMatch, isRedirectAllowed } from './redirects.ts';

const SITE = 'http://127.0.0.1:5173';

describe('redirect allow-list', () => {
  const config = {
    siteUrl: SITE,
    additionalRedirectUrls: ['https://*.example.com/**', 'https://app.example.com', 'myapp://callback'],
  };

  it('sends every hostile URL to the site URL instead', () => {
    for (const url of HOSTILE_REDIRECTS) {
      expect(isRedirectAllowed(config, url), url).toBe(false);
      expect(chooseRedirect(config, url), url).toBe(SITE);
    }
  });

  it('allows the site URL and paths below it, on any loopback port (RFC 8252)', () => {
    for (const url of [
      SITE,
      `${SITE}/`,
      `${SITE}/update-password`,
      `${SITE}/a/b.c?next=/x#frag`,
      'http://127.0.0.1:41234/update-password',
    ]) {
      expect(isRedirectAllowed(config, url), url).toBe(true);
      expect(chooseRedirect(config, url)).toBe(url);
    }
    expect(isRedirectAllowed(config, 'https://127.0.0.1:5173/')).toBe(true); // loopback literal
    expect(isRedirectAllowed(config, 'http://localhost:5173/')).toBe(false); // another host
  });

  it('matches scheme, host, port and path separately with GoTrue globs', () => {
    expect(isRedirectAllowed(config, 'https://app.example.com/update-password')).toBe(true);
    expect(isRedirectAllowed(config, 'https://app.example.com')).toBe(true);
    expect(isRedirectAllowed(config, 'https://app.example.com:443/x')).toBe(true);
    expect(isRedirectAllowed(config, 'myapp://callback')).toBe(true);
    expect(isRedirectAllowed(config, 'myapp://callback/other')).toBe(false);
    const exact = { siteUrl: 'https://site.test', additionalRedirectUrls: ['https://app.example.com/done'] };
    expect(isRedirectAllowed(exact, 'https://app.example.com/done')).toBe(true);
    expect(isRedirectAllowed(exact, 'https://app.example.com/done/more')).toBe(false);
    expect(isRedirectAllowed(exact, 'https://site.test/any/path')).toBe(true);
    expect(isRedirectAllowed(exact, 'https://site.test:8443/')).toBe(false);
    const ports = {
      siteUrl: 'https://site.test',
      additionalRedirectUrls: ['http://localhost:{4173,5173}/**'],
    };
    expect(isRedirectAllowed(ports, 'http://localhost:4173/update-password')).toBe(true);
    expect(isRedirectAllowed(ports, 'http://localhost:4174/update-password')).toBe(false);
    expect(isRedirectAllowed(ports, 'http://localhost/update-password')).toBe(false);
  });

  it('implements gobwas/glob with . and / as separators', () => {
    expect(globMatch('*.example.com', 'app.example.com')).toBe(true);
    expect(globMatch('*.example.com', 'a.b.example.com')).toBe(false);
    expect(globMatch('**.example.com', 'a.b.example.com')).toBe(true);
    expect(globMatch('/*', '/a')).toBe(true);
    expect(globMatch('/*', '/a/b')).toBe(false);
    expect(globMatch('/**', '/a/b.c?d=e')).toBe(true);
    expect(globMatch('/p?ge', '/page')).toBe(true);
    expect(globMatch('/p?ge', '/p/ge')).toBe(false);
    expect(globMatch('/[ab]x', '/bx')).toBe(true);
    expect(globMatch('/[!ab]x', '/bx')).toBe(false);
    expect(globMatch('{a,b{c,d}}', 'bd')).toBe(true);
    expect(globMatch('\\*', '*')).toBe(true);
    expect(globMatch('\\*', 'x')).toBe(false);
  });
});

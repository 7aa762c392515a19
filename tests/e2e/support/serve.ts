import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/**
 * Serves a static build the way a CDN would for an SPA: files as they are, hashed assets
 * cached for a year, everything else revalidated, prerendered pages by their clean URL, and
 * unknown paths answered by the app shell.
 */
export function serveStatic(root: string, port: number): Promise<Server> {
  return listen(() => root, port);
}

/** A static server whose site can be swapped for another build, as a deploy would. */
export interface SwitchableServer {
  server: Server;
  url: string;
  /** Serves `dir` from the next request on. */
  setRoot(dir: string): void;
  close(): Promise<void>;
}

export async function serveSwitchable(root: string, port: number): Promise<SwitchableServer> {
  let current = root;
  const server = await listen(() => current, port);
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    setRoot: (dir) => void (current = dir),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a browser's keep-alive sockets would hold it open
      }),
  };
}

function listen(rootOf: () => string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const root = rootOf();
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, pathname));
    if (!file.startsWith(root)) {
      response.writeHead(400).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    // A prerendered page (login.html for /login), as static hosts serve clean URLs.
    if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
    let status = 200;
    if (!existsSync(file)) {
      file = join(root, '200.html');
      status = 200;
    }
    const immutable = pathname.startsWith('/_app/immutable/');
    response.writeHead(status, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

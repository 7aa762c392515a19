import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

// The CLI's local mail catcher is Mailpit; this outbox answers its REST API (v1) in the same
// shapes, so a test or tool written against `supabase start`'s mail works here unchanged.
// Reference: axllent/mailpit server/apiv1/{messages,message,api}.go, internal/storage/structs.go,
// internal/storage/search.go (search filters), internal/tools/snippets.go (snippets).

interface Address {
  Name: string;
  Address: string;
}

/** A mail as `GET /api/v1/message/{ID}` returns it. */
export interface Mail {
  ID: string;
  MessageID: string;
  From: Address;
  To: Address[];
  Cc: Address[];
  Bcc: Address[];
  ReplyTo: Address[];
  ReturnPath: string;
  Subject: string;
  ListUnsubscribe: { Header: string; Links: string[]; Errors: string; HeaderPost: string };
  Date: string;
  Tags: string[];
  Username: string;
  Text: string;
  HTML: string;
  Size: number;
  Inline: never[];
  Attachments: never[];
}

/** A mail as the lists (`/api/v1/messages`, `/api/v1/search`) return it: no bodies. */
export interface MailSummary {
  ID: string;
  MessageID: string;
  Read: boolean;
  From: Address;
  To: Address[];
  Cc: Address[];
  Bcc: Address[];
  ReplyTo: Address[];
  Subject: string;
  Created: string;
  Username: string;
  Tags: string[];
  Size: number;
  Attachments: number;
  Snippet: string;
}

interface Stored {
  mail: Mail;
  read: boolean;
}

const MAX_MAILS = 500;
const SNIPPET_BYTES = 200;
/** What the CLI's local SMTP defaults to (`[local_smtp] admin_email`, `sender_name`). */
const SENDER: Address = { Name: 'Admin', Address: 'admin@email.com' };
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Mailpit's message ids: 22 characters of base62. */
function newId(): string {
  return [...randomBytes(22)].map((byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

/** The text with its whitespace collapsed, cut at 200 bytes on a character boundary, "..." after. */
export function snippet(text: string): string {
  const flat = text
    .replace(/\uFEFF/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const bytes = Buffer.from(flat, 'utf8');
  if (bytes.length <= SNIPPET_BYTES) return flat;
  let end = SNIPPET_BYTES;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return `${bytes.subarray(0, end).toString('utf8')}...`;
}

function summary({ mail, read }: Stored): MailSummary {
  return {
    ID: mail.ID,
    MessageID: mail.MessageID,
    Read: read,
    From: mail.From,
    To: mail.To,
    Cc: mail.Cc,
    Bcc: mail.Bcc,
    ReplyTo: mail.ReplyTo,
    Subject: mail.Subject,
    Created: mail.Date,
    Username: mail.Username,
    Tags: mail.Tags,
    Size: mail.Size,
    Attachments: 0,
    Snippet: snippet(mail.Text),
  };
}

/** Splits a Mailpit search into terms; "quoted phrases" stay whole. */
function terms(query: string): string[] {
  return [...query.matchAll(/(-?)(\w+:)?"([^"]*)"|(\S+)/g)].map((match) =>
    match[4] !== undefined ? match[4] : `${match[1]}${match[2] ?? ''}${match[3]}`,
  );
}

const addresses = (list: Address[]) => list.map((a) => `${a.Name} <${a.Address}>`.toLowerCase()).join(' ');

/** Whether a mail matches a search: every term must hold (`-term` must not); case-insensitive. */
export function matches(stored: Stored, query: string): boolean {
  const { mail } = stored;
  return terms(query).every((raw) => {
    const negated = raw.startsWith('-') && raw.length > 1;
    const term = (negated ? raw.slice(1) : raw).toLowerCase();
    let hit: boolean;
    if (term.startsWith('to:'))
      hit = addresses([...mail.To, ...mail.Cc, ...mail.Bcc]).includes(term.slice(3));
    else if (term.startsWith('from:')) hit = addresses([mail.From]).includes(term.slice(5));
    else if (term.startsWith('subject:')) hit = mail.Subject.toLowerCase().includes(term.slice(8));
    else if (term === 'is:read') hit = stored.read;
    else if (term === 'is:unread') hit = !stored.read;
    else if (term === 'has:attachment' || term === 'has:attachments') hit = false;
    else {
      const haystack = [mail.Subject, mail.Text, addresses(mail.To), addresses([mail.From])].join(' ');
      hit = haystack.toLowerCase().includes(term);
    }
    return negated ? !hit : hit;
  });
}

function startLimit(url: URL): { start: number; limit: number } {
  const start = Number.parseInt(url.searchParams.get('start') ?? '', 10);
  const limit = Number.parseInt(url.searchParams.get('limit') ?? '', 10);
  return { start: start > 0 ? start : 0, limit: limit > -1 ? limit : 50 };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1024 * 1024) return undefined;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function text(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'text/plain', 'referrer-policy': 'no-referrer' }).end(body);
}

function json(res: ServerResponse, body: unknown) {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** In-memory outbox, served on the mail port: Mailpit's REST API and a page to read the mails. */
export class Outbox {
  /** Newest first. */
  readonly #mails: Stored[] = [];
  #server: Server | undefined;

  send(to: string, subject: string, body: string): Mail {
    const html = `<p>${escapeHtml(body)
      .replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')
      .replace(/\n/g, '<br>')}</p>`;
    const id = newId();
    const mail: Mail = {
      ID: id,
      MessageID: `${id}@health-connect.local`,
      From: SENDER,
      To: [{ Name: '', Address: to }],
      Cc: [],
      Bcc: [],
      ReplyTo: [],
      ReturnPath: SENDER.Address,
      Subject: subject,
      ListUnsubscribe: { Header: '', Links: [], Errors: '', HeaderPost: '' },
      Date: new Date().toISOString(),
      Tags: [],
      Username: '',
      Text: body,
      HTML: html,
      Size: Buffer.byteLength(body) + Buffer.byteLength(html),
      Inline: [],
      Attachments: [],
    };
    this.#mails.unshift({ mail, read: false });
    this.#mails.splice(MAX_MAILS);
    return mail;
  }

  #list(res: ServerResponse, url: URL, found: Stored[]) {
    const { start, limit } = startLimit(url);
    const unread = this.#mails.filter((m) => !m.read).length;
    const page = found.slice(start, limit === 0 ? undefined : start + limit);
    json(res, {
      total: this.#mails.length,
      unread,
      count: page.length,
      messages_count: found.length,
      messages_unread: found.filter((m) => !m.read).length,
      start,
      tags: [],
      messages: page.map(summary),
    });
  }

  #remove(ids: Set<string>) {
    for (let i = this.#mails.length - 1; i >= 0; i -= 1) {
      if (ids.has(this.#mails[i]!.mail.ID)) this.#mails.splice(i, 1);
    }
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mail');
    const path = url.pathname;
    if (path === '/api/v1/messages') {
      if (req.method === 'GET') return this.#list(res, url, this.#mails);
      if (req.method === 'DELETE') {
        const body = (await readJson(req)) as { IDs?: unknown } | undefined;
        const ids = Array.isArray(body?.IDs) ? body.IDs.filter((id) => typeof id === 'string') : [];
        if (ids.length === 0) this.#mails.length = 0;
        else this.#remove(new Set(ids));
        return text(res, 200, 'ok');
      }
    }
    if (path === '/api/v1/search' && (req.method === 'GET' || req.method === 'DELETE')) {
      const query = (url.searchParams.get('query') ?? '').trim();
      if (!query) return text(res, 400, 'Error: no search query');
      const found = this.#mails.filter((m) => matches(m, query));
      if (req.method === 'GET') return this.#list(res, url, found);
      this.#remove(new Set(found.map((m) => m.mail.ID)));
      return text(res, 200, 'ok');
    }
    const one = /^\/api\/v1\/message\/([^/]+)$/.exec(path);
    if (one && req.method === 'GET') {
      if (one[1] === 'latest' && this.#mails.length === 0) return text(res, 404, 'message not found');
      const stored = one[1] === 'latest' ? this.#mails[0] : this.#mails.find((m) => m.mail.ID === one[1]);
      if (!stored) return text(res, 404, '404 page not found');
      stored.read = true;
      return json(res, stored.mail);
    }
    if (path === '/' && req.method === 'GET') return this.#page(res);
    text(res, 404, '404 page not found');
  }

  #page(res: ServerResponse) {
    const rows = this.#mails
      .map(
        ({ mail }) =>
          `<article><h2>${escapeHtml(mail.Subject)}</h2><p>To ${escapeHtml(mail.To[0]?.Address ?? '')} · ${mail.Date}</p>${mail.HTML}</article>`,
      )
      .join('<hr>');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>Local mail</title><h1>Local mail outbox</h1>${rows || '<p>No mail yet.</p>'}</html>`,
    );
  }

  async listen(port: number): Promise<void> {
    this.#server = createServer((req, res) => {
      this.#route(req, res).catch(() => {
        if (!res.headersSent) text(res, 400, 'Error: bad request');
      });
    });
    await new Promise<void>((done, fail) => {
      this.#server!.once('error', fail);
      this.#server!.listen(port, '127.0.0.1', () => done());
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((done) => (this.#server ? this.#server.close(() => done()) : done()));
  }
}

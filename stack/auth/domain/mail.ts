import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** A mail the Auth service sent, kept for developers and tests (the CLI's Mailpit role). */
export interface Mail {
  ID: string;
  To: { Address: string }[];
  Subject: string;
  Text: string;
  HTML: string;
  Created: string;
}

const MAX_MAILS = 500;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** In-memory outbox, served on the mail port: a JSON API and a plain page listing the mails. */
export class Outbox {
  readonly #mails: Mail[] = [];
  #server: Server | undefined;

  send(to: string, subject: string, text: string): Mail {
    const html = `<p>${escapeHtml(text)
      .replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')
      .replace(/\n/g, '<br>')}</p>`;
    const mail: Mail = {
      ID: randomUUID(),
      To: [{ Address: to }],
      Subject: subject,
      Text: text,
      HTML: html,
      Created: new Date().toISOString(),
    };
    this.#mails.unshift(mail);
    this.#mails.splice(MAX_MAILS);
    return mail;
  }

  async listen(port: number): Promise<void> {
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://mail');
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname === '/api/v1/messages' && req.method === 'DELETE') {
        this.#mails.length = 0;
        return json(200, {});
      }
      if (url.pathname === '/api/v1/messages') {
        const to = url.searchParams.get('to')?.toLowerCase();
        const messages = to ? this.#mails.filter((m) => m.To.some((r) => r.Address === to)) : this.#mails;
        return json(200, { total: messages.length, messages });
      }
      const one = /^\/api\/v1\/message\/([0-9a-f-]+)$/.exec(url.pathname);
      if (one) {
        const mail = this.#mails.find((m) => m.ID === one[1]);
        return mail ? json(200, mail) : json(404, { error: 'message not found' });
      }
      if (url.pathname === '/') {
        const rows = this.#mails
          .map(
            (m) =>
              `<article><h2>${escapeHtml(m.Subject)}</h2><p>To ${escapeHtml(m.To[0]?.Address ?? '')} · ${m.Created}</p>${m.HTML}</article>`,
          )
          .join('<hr>');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(
          `<!doctype html><title>Local mail</title><h1>Local mail outbox</h1>${rows || '<p>No mail yet.</p>'}`,
        );
      }
      json(404, { error: 'not found' });
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

import { createClient } from '@supabase/supabase-js';
import { MailpitClient } from 'mailpit-api';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PUBLISHABLE_KEY, stackInfo } from '../../tests/helpers/clients.ts';
import { snippet } from './domain/mail.ts';

// The mail catcher answers Mailpit's REST API v1 as the CLI's Mailpit does (axllent/mailpit
// server/apiv1/messages.go, message.go; internal/storage/structs.go), so tests written against
// `supabase start` read mail here unchanged, through the mailpit-api client.

const mailpit = () => new MailpitClient(stackInfo().mailUrl);

async function mailTo(): Promise<string> {
  const email = `mail-${randomUUID()}@example.com`;
  const supabase = createClient(stackInfo().apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });
  const { error } = await supabase.auth.signInWithOtp({
    email,
    options: { data: { role: 'patient', full_name: 'Mail Reader' } },
  });
  expect(error).toBeNull();
  return email;
}

describe('the local mail catcher speaks Mailpit', () => {
  it('lists summaries with a Snippet and no bodies, newest first; one message has Text and HTML', async () => {
    const first = await mailTo();
    const second = await mailTo();
    const client = mailpit();
    await client.waitForMessage({ query: `to:"${second}"` });
    const list = await client.listMessages(0, 500);
    expect(list).toMatchObject({ total: expect.any(Number), unread: expect.any(Number), start: 0, tags: [] });
    const ids = list.messages.map((m) => m.To[0]?.Address);
    expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(first));
    // waitForMessage has read the second mail (reading marks it read, as in Mailpit); not the first.
    expect(list.messages.find((m) => m.To[0]?.Address === first)).toMatchObject({ Read: false });
    const summary = list.messages.find((m) => m.To[0]?.Address === second)!;
    expect(summary).toMatchObject({ Read: true, From: { Address: 'admin@email.com' }, Attachments: 0 });
    expect(summary.Snippet).toMatch(/^Confirm your email\. Follow this link: http/);
    expect(summary).not.toHaveProperty('Text');
    expect(summary).not.toHaveProperty('HTML');

    const full = await client.getMessageSummary(summary.ID);
    expect(full.ID).toBe(summary.ID);
    expect(full.Text).toMatch(/\d{6}/);
    expect(full.HTML).toContain('<p>');
    await client.getMessageSummary(list.messages.find((m) => m.To[0]?.Address === first)!.ID);
    const after = await client.searchMessages({ query: `to:"${first}"` });
    expect(after.messages[0]!.Read).toBe(true);
  });

  it('searches by recipient, subject and words, and deletes by search and by id', async () => {
    const email = await mailTo();
    const other = await mailTo();
    const client = mailpit();
    const found = await client.searchMessages({ query: `to:${email}` });
    expect(found.messages_count).toBe(1);
    expect(found.messages.map((m) => m.To[0]!.Address)).toEqual([email]);
    expect(
      (await client.searchMessages({ query: `to:${email} subject:"no such words"` })).messages_count,
    ).toBe(0);
    expect(
      (await client.searchMessages({ query: `to:${email} -subject:"no such words"` })).messages_count,
    ).toBe(1);
    expect(await client.deleteMessagesBySearch({ query: `to:${email}` })).toBe('ok');
    expect((await client.searchMessages({ query: `to:${email}` })).messages_count).toBe(0);
    const otherId = (await client.searchMessages({ query: `to:${other}` })).messages[0]!.ID;
    expect(await client.deleteMessages({ IDs: [otherId] })).toBe('ok');
    expect((await client.searchMessages({ query: `to:${other}` })).messages_count).toBe(0);
  });

  it('answers a missing id with 404 and an empty search with 400, as Mailpit does', async () => {
    const missing = await fetch(`${stackInfo().mailUrl}/api/v1/message/doesNotExist1234567890`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('404 page not found');
    const empty = await fetch(`${stackInfo().mailUrl}/api/v1/search?query=`);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toBe('Error: no search query');
    const page = await fetch(`${stackInfo().mailUrl}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('cuts snippets at 200 bytes without splitting a character', () => {
    expect(snippet('  a\n\n b  ')).toBe('a b');
    const long = 'é'.repeat(150);
    const cut = snippet(long);
    expect(cut.endsWith('...')).toBe(true);
    expect(Buffer.byteLength(cut.slice(0, -3))).toBe(200);
  });
});

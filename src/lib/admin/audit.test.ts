import { describe, expect, it } from 'vitest';
import {
  auditPageAfter,
  cancelledCount,
  formatCursor,
  parseCursor,
  summarize,
  type AuditRow,
} from './audit.ts';

const row = (id: number, overrides: Partial<AuditRow> = {}): AuditRow => ({
  id,
  admin_id: 'ad510000-0000-4000-8000-000000000001',
  admin_name: 'Alex Admin',
  action: 'approve_doctor',
  target_id: 'd0c70000-0000-4000-8000-000000000015',
  reason: null,
  details: {},
  created_at: `2026-03-07T10:00:${String(60 - id).padStart(2, '0')}.000+00:00`,
  ...overrides,
});

describe('cursors', () => {
  it('round-trip through the address', () => {
    const cursor = { created_at: '2026-03-07T10:00:00.123456+00:00', id: 42 };
    expect(parseCursor(formatCursor(cursor))).toEqual(cursor);
    expect(parseCursor('2026-03-07T10:00:00Z~7')).toEqual({ created_at: '2026-03-07T10:00:00Z', id: 7 });
  });

  it('refuse anything that is not one, so a hand-edited address shows the newest page', () => {
    for (const text of [
      null,
      '',
      '42',
      'yesterday~4',
      '2026-03-07T10:00:00Z',
      '2026-03-07T10:00:00Z~x',
      '2026-13-45T99:99:99Z~1',
      '2026-03-07T10:00:00Z~1),or(id.gt.0',
    ]) {
      expect(parseCursor(text)).toBeNull();
    }
  });
});

describe('summarize', () => {
  it('words the action with its target, and a suspension with what it cancelled', () => {
    expect(summarize(row(1), 'Dr. Noor Rahman')).toBe('Approved doctor Dr. Noor Rahman');
    expect(
      summarize(row(1, { action: 'suspend_user', details: { cancelled_appointments: 2 } }), 'Dr. Ada Okafor'),
    ).toBe('Suspended Dr. Ada Okafor · 2 future appointments cancelled');
    expect(summarize(row(1, { action: 'suspend_user', details: { cancelled_appointments: 1 } }), 'X')).toBe(
      'Suspended X · 1 future appointment cancelled',
    );
    expect(summarize(row(1, { action: 'something_new' }), 'X')).toBe('something_new X');
  });

  it('reads the cancelled count only when the details hold a number', () => {
    expect(cancelledCount({ cancelled_appointments: 0 })).toBe(0);
    expect(cancelledCount({ cancelled_appointments: '3' })).toBeNull();
    expect(cancelledCount([])).toBeNull();
    expect(cancelledCount(null)).toBeNull();
  });
});

describe('auditPageAfter', () => {
  const names = new Map([['d0c70000-0000-4000-8000-000000000015', 'Dr. Noor Rahman']]);

  it('keeps `size` rows and points at the last one when an older page exists', () => {
    const rows = [row(3), row(2), row(1)];
    const page = auditPageAfter(rows, 2, names);
    expect(page.entries.map((entry) => entry.id)).toEqual([3, 2]);
    expect(page.older).toEqual({ created_at: rows[1]!.created_at, id: 2 });
    expect(page.entries[0]!.summary).toBe('Approved doctor Dr. Noor Rahman');
  });

  it('has no older page when the rows fit, and names unknown targets by a short id', () => {
    const page = auditPageAfter([row(1, { target_id: '9a710000-0000-4000-8000-000000000001' })], 2, names);
    expect(page.older).toBeNull();
    expect(page.entries[0]!.target_name).toBe('account 9a710000');
    expect(auditPageAfter([], 2, names)).toEqual({ entries: [], older: null });
  });
});

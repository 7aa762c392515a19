import { describe, expect, it } from 'vitest';
import {
  type AdminAction,
  canSubmit,
  decisionReason,
  isListed,
  latestDecision,
  type Licence,
  type VerificationStatus,
} from './state.ts';

const licence = (submitted_at: string, decision_reason: string | null = null): Licence => ({
  registration_number: 'GMC 7012345',
  issuing_authority: 'General Medical Council',
  country: 'GB',
  year_licensed: 2016,
  document_path: 'd/licence.pdf',
  submitted_at,
  decided_at: null,
  decision_reason,
});

const status = (over: Partial<VerificationStatus>): VerificationStatus => ({
  state: 'unverified',
  verified_at: null,
  verified_authority: null,
  specialty: null,
  licence: null,
  actions: [],
  ...over,
});

describe('latestDecision', () => {
  it('is the newest decision, whatever order the rows come in', () => {
    const decision = latestDecision(
      {
        licence: licence('2026-03-01T10:00:00Z'),
        actions: [
          { id: 1, action: 'reject_doctor', reason: 'Blurry scan', created_at: '2026-03-02T10:00:00Z' },
          { id: 3, action: 'approve_doctor', reason: null, created_at: '2026-03-05T10:00:00Z' },
          { id: 2, action: 'make_admin', reason: 'x', created_at: '2026-03-06T10:00:00Z' },
        ],
      },
      new Date('2026-03-06T12:00:00Z'),
    );
    expect(decision).toEqual({ id: 3, kind: 'approved', reason: null, at: '2026-03-05T10:00:00Z' });
  });

  it('lets a rejection go once the doctor has submitted again', () => {
    const rejection = {
      id: 1,
      action: 'reject_doctor',
      reason: 'Blurry scan',
      created_at: '2026-03-02T10:00:00Z',
    };
    expect(latestDecision({ licence: licence('2026-03-01T10:00:00Z'), actions: [rejection] })?.kind).toBe(
      'rejected',
    );
    expect(latestDecision({ licence: licence('2026-03-03T10:00:00Z'), actions: [rejection] })).toBeNull();
  });

  it('keeps an approval on the dashboard for two weeks, a suspension until it changes', () => {
    const approval = { id: 4, action: 'approve_doctor', reason: null, created_at: '2026-03-01T12:00:00Z' };
    const suspension = {
      id: 5,
      action: 'suspend_user',
      reason: 'Lapsed',
      created_at: '2026-03-01T12:00:00Z',
    };
    const on = (iso: string, action: AdminAction) =>
      latestDecision({ licence: licence('2026-02-28T00:00:00Z'), actions: [action] }, new Date(iso));
    expect(on('2026-03-15T11:00:00Z', approval)?.kind).toBe('approved');
    expect(on('2026-03-15T13:00:00Z', approval)).toBeNull();
    expect(on('2027-03-01T00:00:00Z', suspension)?.kind).toBe('suspended');
  });

  it('is null without decisions; a suspension carries its reason', () => {
    expect(latestDecision({ licence: null, actions: [] })).toBeNull();
    expect(
      latestDecision({
        licence: licence('2026-03-01T10:00:00Z'),
        actions: [
          { id: 9, action: 'suspend_user', reason: 'Licence lapsed', created_at: '2026-04-01T00:00:00Z' },
        ],
      }),
    ).toMatchObject({ kind: 'suspended', reason: 'Licence lapsed' });
  });
});

describe('decisionReason', () => {
  it("prefers the licence's reason, else the newest matching action's", () => {
    expect(
      decisionReason(status({ state: 'rejected', licence: licence('2026-03-01T00:00:00Z', 'No stamp') })),
    ).toBe('No stamp');
    expect(
      decisionReason(
        status({
          state: 'suspended',
          actions: [
            { id: 1, action: 'suspend_user', reason: 'old', created_at: '2026-01-01T00:00:00Z' },
            { id: 2, action: 'suspend_user', reason: 'new', created_at: '2026-02-01T00:00:00Z' },
          ],
        }),
      ),
    ).toBe('new');
  });

  it('is null in states that have no reason', () => {
    expect(
      decisionReason(status({ state: 'verified', licence: licence('2026-03-01T00:00:00Z', 'stale') })),
    ).toBeNull();
    expect(decisionReason(status({ state: 'pending_review' }))).toBeNull();
  });
});

describe('canSubmit and isListed', () => {
  it('follow the state machine', () => {
    expect(['unverified', 'pending_review', 'rejected'].every((s) => canSubmit(s as never))).toBe(true);
    expect(canSubmit('verified')).toBe(false);
    expect(canSubmit('suspended')).toBe(false);
    expect(isListed('verified')).toBe(true);
    expect(isListed('suspended')).toBe(false);
  });
});

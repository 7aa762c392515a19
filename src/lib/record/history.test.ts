import { describe, expect, it } from 'vitest';
import type { Json } from '../database.types.ts';
import type { DeviceCopy } from '../offline/copy.ts';
import { recordCopy } from './copy.ts';
import { OFFLINE, RecordError } from './errors.ts';
import { HealthHistoryState, type HistoryDeps } from './history.svelte.ts';
import { doctorsOf, historyOf, visitsWithRecord, type HealthHistory } from './history.ts';

function visit(id: string, doctor: string, status: string, withRecord = false) {
  return {
    id,
    starts_at: '2026-12-01T10:00:00Z',
    status,
    mode: 'video',
    doctor_id: doctor,
    doctor_name: `Dr ${doctor}`,
    summaries: withRecord ? [{ id: `s-${id}`, version: 1 }] : [],
    prescriptions: [],
  };
}

const history = {
  exported_at: '2026-12-02T00:00:00Z',
  patient: { id: 'p', full_name: 'Pat' },
  visits: [
    visit('v3', 'b', 'cancelled', true),
    visit('v2', 'a', 'completed'),
    visit('v1', 'a', 'scheduled', true),
  ],
  documents: [],
  timeline: [],
} as unknown as HealthHistory;

describe('history', () => {
  it('lists each doctor in care once, not one seen only on a cancelled visit', () => {
    expect(doctorsOf(history)).toEqual([{ id: 'a', name: 'Dr a' }]);
  });
  it('shows the visits with a summary or a prescription', () => {
    expect(visitsWithRecord(history).map((v) => v.id)).toEqual(['v3', 'v1']);
  });
  it('refuses an unexpected shape', () => {
    expect(() => historyOf({ visits: 'no' })).toThrow(/unexpected shape/);
    expect(historyOf(history as unknown as Json)).toBe(history);
  });
});

function deps(read: () => Promise<Json>, stored: DeviceCopy<HealthHistory> | null = null) {
  const saved: HealthHistory[] = [];
  const listeners = new Map<string, () => void>();
  let onChange: (() => void) | undefined;
  const injected: HistoryDeps = {
    read,
    copy: {
      save: (value) => Promise.resolve(void saved.push(value)),
      read: () => Promise.resolve(stored),
    },
    watch: (callback) => {
      onChange = callback;
      return () => (onChange = undefined);
    },
    events: {
      addEventListener: (type: string, listener: () => void) => listeners.set(type, listener),
      removeEventListener: (type: string) => listeners.delete(type),
    },
    patience: () => 10_000,
  };
  return { injected, saved, listeners, change: () => onChange?.() };
}

const offline = () => Promise.reject(new RecordError(recordCopy.errors.offline, OFFLINE));

describe('HealthHistoryState', () => {
  it('shows a fresh read and keeps it on the device', async () => {
    const { injected, saved } = deps(() => Promise.resolve(history as unknown as Json));
    const state = new HealthHistoryState(injected);
    await state.load();
    expect(state.value).toBe(history);
    expect(state.fromDevice).toBe(false);
    expect(saved).toEqual([history]);
  });

  it('offline, shows the device copy with when it was read', async () => {
    const stored = { version: 1, userId: 'p', savedAt: 1_700_000_000_000, value: history };
    const { injected, saved } = deps(offline, stored);
    const state = new HealthHistoryState(injected);
    await state.load();
    expect(state.value).toBe(history);
    expect(state.fromDevice).toBe(true);
    expect(state.loadedAt).toBe(1_700_000_000_000);
    expect(state.failure).toBe('');
    expect(saved).toEqual([]);
  });

  it('offline without a copy, or refused, says so', async () => {
    const none = new HealthHistoryState(deps(offline).injected);
    await none.load();
    expect(none.failure).toBe(recordCopy.history.noCopy);
    const refused = new HealthHistoryState(
      deps(() => Promise.reject(new RecordError('Only a signed-in patient can export their health history.')))
        .injected,
    );
    await refused.load();
    expect(refused.failure).toBe('Only a signed-in patient can export their health history.');
    expect(refused.value).toBeNull();
  });

  it('marks what is on screen as the device copy when a later read fails', async () => {
    let reachable = true;
    const { injected } = deps(() => (reachable ? Promise.resolve(history as unknown as Json) : offline()));
    const state = new HealthHistoryState(injected);
    await state.load();
    reachable = false;
    await state.load();
    expect(state.value).toBe(history);
    expect(state.fromDevice).toBe(true);
  });

  it('reads again on a live change and on connectivity changes, until stopped', async () => {
    let reads = 0;
    const { injected, listeners, change } = deps(() =>
      Promise.resolve((reads++, history as unknown as Json)),
    );
    const state = new HealthHistoryState(injected);
    const stop = state.live();
    expect([...listeners.keys()].sort()).toEqual(['offline', 'online']);
    change();
    await expect.poll(() => reads).toBe(1);
    listeners.get('online')!();
    await expect.poll(() => reads).toBe(2);
    stop();
    expect(listeners.size).toBe(0);
  });
});

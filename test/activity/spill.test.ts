// The detectors' parked state (shared/activity/idle.ts): the app's store spills it to a private,
// encrypted file past its memory budget, and a rule parking its quiet keys finds exactly what it
// found keeping them all in memory.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SpillStore, closeSpills } from '../../electron/core/activity/spill.ts';
import { Analyser } from '../../shared/activity/analyser.ts';
import { na03Session } from '../../shared/activity/rules/na03-session.ts';
import { DEFAULT_ACTIVITY_SETTINGS } from '../../shared/activity/fields.ts';
import { memoryParking, type Parking } from '../../shared/activity/idle.ts';
import type { LoginEvent } from '../../shared/activity/rules/rule.ts';
import { seededRandom } from '../../shared/random.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'casebook-spill-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  closeSpills();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the store for parked state', () => {
  it('keeps what fits its budget in memory, moves the oldest to an encrypted file beyond it, and gives each back exactly once', () => {
    const dir = tempDir();
    const store = new SpillStore(dir, 2_000);
    for (let i = 0; i < 500; i++) store.put(`session-${i}`, `state of session ${i} from 10.0.0.${i % 256}`, i * 1000);
    expect(store.inFile).toBeGreaterThan(300);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.spill$/);
    if (process.platform !== 'win32') expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    // Encrypted: neither the keys nor the state are readable in the file.
    const raw = readFileSync(join(dir, files[0]!)).toString('latin1');
    expect(raw).not.toContain('session-1');
    expect(raw).not.toContain('10.0.0.');
    // From the file, and from memory.
    expect(store.take('session-3')).toBe('state of session 3 from 10.0.0.3');
    expect(store.take('session-3')).toBeUndefined();
    expect(store.take('session-499')).toBe('state of session 499 from 10.0.0.243');
    expect(store.take('nobody')).toBeUndefined();
    const old = [...store.takeBefore(100_000)].map(([k]) => k);
    expect(old).toEqual(Array.from({ length: 100 }, (_, i) => `session-${i}`).filter((k) => k !== 'session-3'));
    const rest = [...store.drain()].map(([k]) => Number(k.slice(8))).sort((a, b) => a - b);
    expect(rest).toEqual(Array.from({ length: 400 }, (_, i) => i + 100).filter((i) => i !== 499));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no file behind when a pass ends early', () => {
    const dir = tempDir();
    const store = new SpillStore(dir, 100);
    for (let i = 0; i < 50; i++) store.put(`k${i}`, 'x'.repeat(20), i);
    expect(readdirSync(dir)).toHaveLength(1);
    closeSpills();
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(true);
  });
});

/**
 * Sessions over eight weeks: 2,000 ids, each used on a few days with gaps of hours to weeks (some
 * longer than the week after which a session closes), each by one account from a few addresses.
 */
function sessionLog(): LoginEvent[] {
  const r = seededRandom(5);
  const events: Omit<LoginEvent, 'ref'>[] = [];
  const start = Date.parse('2025-03-03T00:00:00Z');
  for (let s = 0; s < 2000; s++) {
    let t = start + Math.floor(r() * 14 * 86_400_000);
    const account = `user${s}`;
    for (let day = 0; day < 6; day++) {
      // One id in ten works a day and a half through on its first day.
      const marathon = s % 10 === 0 && day === 0;
      for (let k = 0; k < (marathon ? 60 : 3 + Math.floor(r() * 30)); k++) {
        t += Math.floor((marathon ? 20 + r() * 40 : r() * 100) * 60_000);
        events.push({ importId: 1, ts: t, account, ip: `10.0.${s % 200}.${Math.floor(r() * 4)}`, country: r() < 0.1 ? 'DE' : 'US', event: 'login', session: `s-${s}`, agent: null, port: null });
      }
      t += Math.floor(r() * 10 * 86_400_000);
    }
  }
  events.sort((a, b) => a.ts - b.ts);
  return events.map((e, ref) => ({ ...e, ref }));
}

function sessionFindings(park: Parking) {
  const env = { settings: DEFAULT_ACTIVITY_SETTINGS, zones: new Map(), rangeOf: null, defaultZone: null, claims: { byImport: new Map(), fallback: null }, locate: null, park };
  const a = new Analyser([na03Session], env);
  for (const e of sessionLog()) a.push(e);
  return a.finish();
}

describe('NA-03 by session id, with quiet sessions parked', () => {
  it('finds the same sessions, with the same figures, parked in memory or in a file', () => {
    const dir = tempDir();
    const stores: SpillStore[] = [];
    let mostInFile = 0;
    const inFile = sessionFindings({ hot: 200, store: () => {
      const s = new SpillStore(dir, 4_000);
      const put = s.put.bind(s);
      s.put = (k, p, ts) => {
        put(k, p, ts);
        mostInFile = Math.max(mostInFile, s.inFile);
      };
      stores.push(s);
      return s;
    } });
    expect(mostInFile).toBeGreaterThan(500);
    const inMemory = sessionFindings({ ...memoryParking, hot: 200 });
    // Nothing parked (fewer open sessions than the default number kept in memory).
    expect(sessionFindings(memoryParking)).toEqual(inMemory);
    expect(inMemory.length).toBeGreaterThan(50);
    expect(new Set(inMemory.map((f) => f.detector))).toEqual(new Set(['NA-03/session', 'NA-03/session-sparse']));
    expect(inFile).toEqual(inMemory);
    expect(readdirSync(dir)).toEqual([]);
    expect(stores).toHaveLength(1);
    // Against the rule worked out directly: each id's events, split where it went unseen for more than a week.
    const week = 7 * 86_400_000;
    const bySession = new Map<string, LoginEvent[]>();
    for (const e of sessionLog()) bySession.set(e.session!, [...(bySession.get(e.session!) ?? []), e]);
    const expected: unknown[] = [];
    for (const [session, evs] of bySession) {
      let piece: LoginEvent[] = [];
      const close = () => {
        const span = piece.length > 1 ? piece[piece.length - 1]!.ts - piece[0]!.ts : 0;
        if (span >= 24 * 3_600_000) {
          const gaps = piece.slice(1).map((e, i) => e.ts - piece[i]!.ts);
          const continuous = Math.max(...gaps) <= 120 * 60_000;
          expected.push([continuous ? 'NA-03/session' : 'NA-03/session-sparse', session, piece.length, [...new Set(piece.map((e) => e.ip))].sort(), [...new Set(piece.map((e) => e.country))].sort(), piece.slice(0, 50).map((e) => e.ref)]);
        }
        piece = [];
      };
      for (const e of evs) {
        if (piece.length && e.ts - piece[piece.length - 1]!.ts > week) close();
        piece.push(e);
      }
      close();
    }
    const seen = inFile.map((f) => [f.detector, f.detail.session, f.detail.events, f.ips, f.countries, f.refs]);
    const key = (x: unknown) => JSON.stringify(x);
    expect(seen.map(key).sort()).toEqual(expected.map(key).sort());
  });

  it('ends a session whose id comes back after a week unseen, and starts a new one', () => {
    const day = 86_400_000;
    const ev = (ref: number, ts: number): LoginEvent => ({ ref, importId: 1, ts, account: 'ann', ip: '192.0.2.1', country: 'US', event: 'login', session: 's-1', agent: null, port: null });
    // Two days of work every hour, a gap of eight days, then two more days.
    const times = [...Array.from({ length: 49 }, (_, i) => i * 3_600_000), ...Array.from({ length: 49 }, (_, i) => 10 * day + i * 3_600_000)];
    const env = { settings: DEFAULT_ACTIVITY_SETTINGS, zones: new Map(), rangeOf: null, defaultZone: null, claims: { byImport: new Map(), fallback: null }, locate: null, park: memoryParking };
    const a = new Analyser([na03Session], env);
    times.forEach((t, i) => a.push(ev(i, t)));
    const found = a.finish();
    expect(found.map((f) => [f.detector, f.from, f.to])).toEqual([
      ['NA-03/session', '1970-01-01T00:00:00.000Z', '1970-01-03T00:00:00.000Z'],
      ['NA-03/session', '1970-01-11T00:00:00.000Z', '1970-01-13T00:00:00.000Z'],
    ]);
  });
});

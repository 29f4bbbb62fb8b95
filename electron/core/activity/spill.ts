// The desktop app's parking for the detectors' quiet keys (shared/activity/idle.ts): in memory up
// to a budget, beyond it in a private SQLite file, so that what a pass keeps does not grow with
// the number of keys still open (a company-wide log keeps a week of daily sessions open).
//
// The file is a temporary of the pass: in the data folder's tmp/, encrypted with a random key that
// exists only in this thread's memory (login records are never written in the clear), without a
// journal (nothing in it needs to survive a crash), and removed when the pass ends. One a crash
// leaves behind is removed at the next start (evidence/orphans.ts).
import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { applyKey, type Db } from '../db/connection.ts';
import type { Statement } from 'better-sqlite3';
import { HOT_KEYS, MemoryIdleStore, type IdleStore, type Parking } from '../../../shared/activity/idle.ts';

/** Characters of parked state kept in memory before the oldest half moves to the file. */
export const MEMORY_BUDGET = 2 << 20;
/** Rows read or removed at a time from the file. */
const STEP = 4096;

type SpillFile = {
  db: Db; path: string;
  /** Rows in the file. */
  rows: number;
  /** Every key put in the file (and a few more): a key not in it is not in the file. */
  keys: KeyFilter;
  put: Statement; take: Statement; count: Statement;
  takeSteps: Map<string, Statement>;
};

/**
 * A Bloom filter over the keys put in the file (three bits per key, sixteen bits or more per key it
 * is sized for: under 1% "maybe" for a key never put): "no" is certain, "maybe" is looked up.
 */
class KeyFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;
  /** Keys it is sized for. */
  readonly capacity: number;
  added = 0;

  constructor(expected: number) {
    const size = 2 ** Math.max(16, Math.ceil(Math.log2(Math.max(1, expected) * 16)));
    this.bits = new Uint32Array(size / 32);
    this.mask = size - 1;
    this.capacity = size / 16;
  }

  private static hashes(key: string): [number, number] {
    // FNV-1a, and a second hash from the same pass (double hashing).
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    return [h1 >>> 0, (h2 | 1) >>> 0];
  }

  add(key: string): void {
    this.added++;
    const [a, b] = KeyFilter.hashes(key);
    for (let i = 0; i < 3; i++) {
      const bit = (a + i * b) & this.mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  has(key: string): boolean {
    const [a, b] = KeyFilter.hashes(key);
    for (let i = 0; i < 3; i++) {
      const bit = (a + i * b) & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** The stores opened in this thread and not closed yet (see closeSpills). */
const open = new Set<SpillStore>();

export class SpillStore implements IdleStore {
  private readonly memory = new MemoryIdleStore();
  private chars = 0;
  private file: SpillFile | null = null;
  private readonly dir: string;
  private readonly budget: number;

  constructor(dir: string, budget = MEMORY_BUDGET) {
    this.dir = dir;
    this.budget = budget;
    open.add(this);
  }

  /** How many keys are parked in the file (for tests and measurements). */
  get inFile(): number {
    return this.file?.rows ?? 0;
  }

  put(key: string, packed: string, ts: number): void {
    this.memory.put(key, packed, ts);
    this.chars += key.length + packed.length;
    if (this.chars > this.budget) this.spill();
  }

  take(key: string): string | undefined {
    const v = this.memory.take(key);
    if (v !== undefined) {
      this.chars -= key.length + v.length;
      return v;
    }
    const f = this.file;
    // Most keys asked for were never parked in the file (a new session id): the filter answers those.
    if (!f || f.rows === 0 || !f.keys.has(key)) return undefined;
    const row = f.take.get(key) as { packed: string } | undefined;
    if (row) f.rows--;
    return row?.packed;
  }

  *takeBefore(ts: number): Generator<[string, string]> {
    for (const [key, packed] of this.memory.takeBefore(ts)) {
      this.chars -= key.length + packed.length;
      yield [key, packed];
    }
    yield* this.takeFromFile('WHERE ts < ?', [ts]);
  }

  *drain(): Generator<[string, string]> {
    yield* this.takeFromFile('', []);
    for (const [key, packed] of this.memory.drain()) yield [key, packed];
    this.chars = 0;
    this.close();
  }

  /** Takes rows out of the file a step at a time (each step removed before it is handed out). */
  private *takeFromFile(where: string, args: unknown[]): Generator<[string, string]> {
    const f = this.file;
    if (!f) return;
    let take = f.takeSteps.get(where);
    if (!take) f.takeSteps.set(where, (take = f.db.prepare(`DELETE FROM parked WHERE rowid IN (SELECT rowid FROM parked ${where} ORDER BY ts LIMIT ${STEP}) RETURNING key, packed`)));
    for (;;) {
      if (f.rows === 0) return;
      const rows = take.all(...args) as { key: string; packed: string }[];
      f.rows -= rows.length;
      for (const r of rows) yield [r.key, r.packed];
      if (rows.length < STEP) return;
    }
  }

  /** Moves the oldest half of what is in memory to the file. */
  private spill(): void {
    const f = this.file ?? this.openFile();
    const half = Math.ceil(this.memory.size / 2);
    f.db.transaction(() => {
      for (const [key, v] of this.memory.takeOldest(half)) {
        this.chars -= key.length + v.packed.length;
        f.put.run(key, v.packed, v.ts);
        f.keys.add(key);
      }
    })();
    f.rows = f.count.get() as number;
    // The filter only gains keys: made again from the file's keys when it holds more than it was
    // sized for, or when most of those it holds are gone from the file.
    if (f.keys.added > f.keys.capacity || f.keys.added > 4 * f.rows + 65_536) {
      f.keys = new KeyFilter(2 * f.rows);
      for (const k of f.db.prepare('SELECT key FROM parked').pluck().iterate() as IterableIterator<string>) f.keys.add(k);
    }
  }

  private openFile(): SpillFile {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, `${randomUUID()}.spill`);
    // Made here, empty and readable by its owner only, whatever the umask; SQLite then fills it.
    closeSync(openSync(path, 'wx', 0o600));
    const db = new Database(path) as unknown as Db;
    try {
      applyKey(db, { dbKeyHex: randomBytes(32).toString('hex') });
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.pragma('cache_size = -4096');
      db.exec('CREATE TABLE parked (key TEXT PRIMARY KEY, packed TEXT NOT NULL, ts INTEGER NOT NULL); CREATE INDEX parked_ts ON parked (ts)');
      return (this.file = {
        db, path, rows: 0, keys: new KeyFilter(0),
        put: db.prepare('INSERT OR REPLACE INTO parked (key, packed, ts) VALUES (?, ?, ?)'),
        take: db.prepare('DELETE FROM parked WHERE key = ? RETURNING packed'),
        count: db.prepare('SELECT count(*) FROM parked').pluck(),
        takeSteps: new Map(),
      });
    } catch (e) {
      db.close();
      rmSync(path, { force: true });
      throw e;
    }
  }

  /** Lets go of the file (removed) and of what is parked in memory. */
  close(): void {
    open.delete(this);
    const f = this.file;
    this.file = null;
    if (f) {
      f.db.close();
      rmSync(f.path, { force: true });
    }
  }
}

/** The folder for a database's pass temporaries: its data folder's tmp/ (the system's for a database in memory). */
export const spillDir = (db: Db): string => (db.memory ? join(tmpdir(), 'casebook-spill') : join(dirname(db.name), 'tmp'));

/** Parking for the rules of a pass over `db`'s events. */
export const spillParking = (db: Db): Parking => {
  const dir = spillDir(db);
  return { store: () => new SpillStore(dir), hot: HOT_KEYS };
};

/** Closes (and removes) every store this thread opened and did not close: after a pass ended early (a refusal, a cancel). */
export function closeSpills(): void {
  for (const s of [...open]) s.close();
}

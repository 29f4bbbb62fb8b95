/**
 * Where a rule parks the state of keys that have gone quiet (a session id not seen for a while),
 * packed as text, until the key is seen again, its state expires or the pass ends. What a rule
 * keeps alive then follows the keys active now, not every key still open: a company-wide log
 * keeps a week of daily sessions open, hundreds of thousands of them. The desktop app's store
 * (electron/core/activity/spill.ts) moves what is parked to a private encrypted SQLite file past a
 * small memory budget, so the memory stays bounded whatever the number of keys.
 */
export interface IdleStore {
  /** Parks a key's packed state; `ts` is the time of its last event. */
  put(key: string, packed: string, ts: number): void;
  /** Takes a key's packed state back out; undefined when none is parked. */
  take(key: string): string | undefined;
  /** Takes out the keys whose last event is before `ts` (at least those parked in time order). */
  takeBefore(ts: number): Iterable<[key: string, packed: string]>;
  /** Takes out everything still parked, and lets go of the store. */
  drain(): Iterable<[key: string, packed: string]>;
}

/** Parked state in a map, in the order it was parked (so, mostly by its last event). */
export class MemoryIdleStore implements IdleStore {
  private readonly map = new Map<string, { packed: string; ts: number }>();

  get size(): number {
    return this.map.size;
  }

  put(key: string, packed: string, ts: number): void {
    this.map.delete(key);
    this.map.set(key, { packed, ts });
  }

  take(key: string): string | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    return v.packed;
  }

  /** From the oldest parked on, up to the first one at or after `ts`. */
  *takeBefore(ts: number): Generator<[string, string]> {
    for (const [key, v] of this.map) {
      if (v.ts >= ts) return;
      this.map.delete(key);
      yield [key, v.packed];
    }
  }

  /** The oldest parked, up to `count` of them, taken out (to move elsewhere). */
  *takeOldest(count: number): Generator<[string, { packed: string; ts: number }]> {
    let n = 0;
    for (const [key, v] of this.map) {
      if (n++ === count) return;
      this.map.delete(key);
      yield [key, v];
    }
  }

  *drain(): Generator<[string, string]> {
    for (const [key, v] of this.map) yield [key, v.packed];
    this.map.clear();
  }
}

/**
 * Where the rules of one pass park their state: a store per name (one per rule), and how many keys
 * a rule keeps in memory before it parks the quietest (so a log with fewer parks nothing).
 */
export type Parking = { store(name: string): IdleStore; hot: number };

/** Keys kept in memory per rule before the quietest are parked. */
export const HOT_KEYS = 50_000;

export const memoryParking: Parking = { store: () => new MemoryIdleStore(), hot: HOT_KEYS };

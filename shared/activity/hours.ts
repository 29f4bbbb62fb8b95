import { IANAZone } from 'luxon';

const BUCKET_MS = 15 * 60_000;
const DAY_MIN = 1440;
const WORK_START = 9 * 60;
const WORK_END = 18 * 60;
const NIGHT_END = 6 * 60;

export const isValidZone = (zone: string): boolean => IANAZone.isValidZone(zone);

const DAY_MS = 86_400_000;
const BUCKETS_PER_DAY = DAY_MS / BUCKET_MS;
/** Days of offsets kept per zone (about 22 years); the cache starts again beyond that. */
const DAYS_KEPT = 8192;
const zoneOffsets = new Map<string, (ms: number) => number>();

/**
 * The zone's UTC offset in minutes at a moment, DST-aware, memoised per zone. Offsets change only
 * at transitions, which fall on quarter hours and at most once in a UTC day: a day whose start,
 * middle and last quarter hour share one offset has that offset throughout; a day with a
 * transition is looked up per quarter hour. So the time-zone database is asked three times a day
 * of activity, not once per event (which took seconds for a million events).
 */
export function offsetFn(zone: string): (ms: number) => number {
  const known = zoneOffsets.get(zone);
  if (known) return known;
  const z = IANAZone.create(zone);
  if (!z.isValid) throw new Error(`unknown time zone "${zone}"`);
  const days = new Map<number, number | Int16Array>();
  const byDay = (day: number): number | Int16Array => {
    const start = day * DAY_MS;
    const first = z.offset(start);
    if (z.offset(start + DAY_MS / 2) === first && z.offset(start + DAY_MS - BUCKET_MS) === first) return first;
    const buckets = new Int16Array(BUCKETS_PER_DAY);
    for (let b = 0; b < BUCKETS_PER_DAY; b++) buckets[b] = z.offset(start + b * BUCKET_MS);
    return buckets;
  };
  // Events come mostly in time order: the last day looked up answers most calls.
  let lastDay = NaN;
  let last: number | Int16Array = 0;
  const fn = (ms: number) => {
    const day = Math.floor(ms / DAY_MS);
    if (day !== lastDay) {
      let o = days.get(day);
      if (o === undefined) {
        if (days.size >= DAYS_KEPT) days.clear();
        days.set(day, (o = byDay(day)));
      }
      lastDay = day;
      last = o;
    }
    return typeof last === 'number' ? last : last[Math.floor((ms - day * DAY_MS) / BUCKET_MS)]!;
  };
  zoneOffsets.set(zone, fn);
  return fn;
}

const mod = (a: number, m: number) => ((a % m) + m) % m;
const utcMinuteOfDay = (ms: number) => mod(Math.floor(ms / 60_000), DAY_MIN);
const circularDistance = (a: number, b: number) => {
  const d = mod(a - b, DAY_MIN);
  return Math.min(d, DAY_MIN - d);
};

export type HoursAnalysis = {
  events: number;
  /** Events between 00:00 and 06:00 claimed-local. */
  night: number;
  nightShare: number;
  /** Share of events inside 09:00–18:00 claimed-local. */
  workdayShareClaimed: number;
  /** The UTC offset (minutes) whose 09:00–18:00 workday holds the most events. */
  bestOffsetMinutes: number;
  workdayShareBest: number;
  /** The run of offsets (minutes) that fit equally well as the best, from the lowest to the highest: the best fit is as precise as this. */
  bestRangeMinutes: [number, number];
  /** The claimed zone's offsets over the events (two when they straddle a DST change). */
  claimedOffsetsMinutes: number[];
  /** Distance in minutes, around the clock, from the best-fit offset to the nearest claimed offset. */
  deviationMinutes: number;
};

/** Activity hours read in a claimed zone, fed one event at a time (memory does not grow with the events). */
export class HoursAccumulator {
  private readonly off: (ms: number) => number;
  private readonly bins = new Float64Array(96);
  /** The claimed zone's offsets seen over the events, and the last one (they change only at DST transitions). */
  private readonly claimed = new Set<number>();
  private lastOffset = NaN;
  private n = 0;
  private night = 0;
  private workClaimed = 0;

  readonly zone: string;

  constructor(zone: string) {
    this.zone = zone;
    this.off = offsetFn(zone);
  }

  get events(): number {
    return this.n;
  }

  add(ms: number): void {
    const o = this.off(ms);
    if (o !== this.lastOffset) this.claimed.add((this.lastOffset = o));
    const utcMin = utcMinuteOfDay(ms);
    const local = mod(utcMin + o, DAY_MIN);
    if (local < NIGHT_END) this.night++;
    if (local >= WORK_START && local < WORK_END) this.workClaimed++;
    this.bins[Math.floor(utcMin / 15)]! += 1;
    this.n++;
  }

  result(): HoursAnalysis {
    const { bins, n, night } = this;
    // Candidate offsets every 15 minutes from UTC-12:00 to UTC+14:00.
    const shares: number[] = [];
    for (let k = -48; k <= 56; k++) {
      let s = 0;
      for (let b = 0; b < 96; b++) {
        const localStart = mod(b * 15 + k * 15, DAY_MIN);
        if (localStart >= WORK_START && localStart < WORK_END) s += bins[b]!;
      }
      shares.push(s);
    }
    const max = Math.max(...shares);
    // Many offsets can fit a short burst of activity equally well; within the longest run of
    // equally good offsets, take the whole (else half) hour nearest its middle, as real zones are.
    let runStart = 0;
    let runEnd = -1;
    for (let i = 0; i < shares.length; ) {
      if (shares[i] !== max) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < shares.length && shares[j + 1] === max) j++;
      if (j - i > runEnd - runStart) [runStart, runEnd] = [i, j];
      i = j + 1;
    }
    const middle = (runStart + runEnd) / 2;
    const nearest = (step: number) => {
      let best: number | null = null;
      for (let i = runStart; i <= runEnd; i++) {
        if ((i - 48) % step !== 0) continue;
        if (best === null || Math.abs(i - middle) < Math.abs(best - middle)) best = i;
      }
      return best;
    };
    const bestK = (nearest(4) ?? nearest(2) ?? Math.floor(middle)) - 48;
    const bestOffsetMinutes = bestK * 15;
    const claimedOffsetsMinutes = [...this.claimed.keys()].sort((a, b) => a - b);
    const deviationMinutes = claimedOffsetsMinutes.length ? Math.min(...claimedOffsetsMinutes.map((c) => circularDistance(bestOffsetMinutes, c))) : 0;
    return {
      events: n,
      night,
      nightShare: n ? night / n : 0,
      workdayShareClaimed: n ? this.workClaimed / n : 0,
      bestOffsetMinutes,
      workdayShareBest: n ? max / n : 0,
      bestRangeMinutes: [(runStart - 48) * 15, (runEnd - 48) * 15],
      claimedOffsetsMinutes,
      deviationMinutes,
    };
  }
}

/** Counts per weekday (Monday first) and hour, in the claimed zone. */
export function heatmap(ts: Iterable<number>, zone: string): number[][] {
  const off = offsetFn(zone);
  const cells = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const ms of ts) {
    const localMin = Math.floor(ms / 60_000) + off(ms);
    const day = Math.floor(localMin / DAY_MIN);
    const weekday = mod(day + 3, 7);
    cells[weekday]![Math.floor(mod(localMin, DAY_MIN) / 60)]! += 1;
  }
  return cells;
}

export const formatOffset = (minutes: number): string => {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
};

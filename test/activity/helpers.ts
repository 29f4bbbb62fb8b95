import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestCore } from '../helpers/core.ts';

export const HEADER = 'timestamp,account,ip,country,event,session_id,user_agent';

/** Writes a CSV (rows joined with the given line ending) into the test's folder and returns its path. */
export function writeCsv(t: TestCore, name: string, lines: string[], eol = '\n'): string {
  const path = join(t.dir, name);
  writeFileSync(path, lines.join(eol) + eol);
  return path;
}

export const row = (ts: string, account: string, ip: string, country = '', event = 'login', session = '', ua = '') =>
  [ts, account, ip, country, event, session, ua].join(',');

/** Hourly events from a UTC start, `n` of them, `stepMinutes` apart. */
export function series(startIso: string, n: number, stepMinutes: number, f: (iso: string, i: number) => string): string[] {
  const start = Date.parse(startIso);
  return Array.from({ length: n }, (_, i) => f(new Date(start + i * stepMinutes * 60_000).toISOString(), i));
}

import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { AppError } from '../../shared/errors.ts';
import type { Progress } from '../../shared/contract/index.ts';
import { HEADER, row, series, writeCsv } from './helpers.ts';
import { MAX_ACCOUNTS } from '../../electron/core/activity/rows.ts';

let t: TestCore;
let n: string;
beforeEach(async () => {
  t = makeTestCore();
  n = (await t.call('cases.create', { title: 'Import checks' })).number;
});
afterEach(() => t.cleanup());

const rejects = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
};
const stored = () => ({
  events: (t.db.prepare('SELECT count(*) FROM login_events').pluck().get() as number),
  imports: (t.db.prepare('SELECT count(*) FROM activity_imports').pluck().get() as number),
});

describe('importing login records', () => {
  it('reads UTF-16LE with BOM, CRLF, quoted line breaks and a trailing 0x1A, and files the log as an exhibit', async () => {
    const text = [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1', 'US'), '2024-03-01T01:00:00Z,ann,192.0.2.1,US,login,,"Mozilla/5.0\r\n(second line)"', row('2024-03-01T02:00:00Z', 'ben', '192.0.2.2')].join('\r\n') + '\r\n\x1a';
    const path = join(t.dir, 'utf16.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = await t.call('activity.import', { number: n, path });
    expect(r).toMatchObject({ duplicate: false, events: 3, accounts: 2, skippedCount: 0, exhibit: 'E-001' });
    const agent = t.db.prepare(`SELECT user_agent, line FROM login_events WHERE user_agent IS NOT NULL`).get();
    expect(agent).toEqual({ user_agent: 'Mozilla/5.0\r\n(second line)', line: 3 });
    expect(t.db.prepare('SELECT line FROM login_events WHERE account = ?').pluck().get('ben')).toBe(5);
    const exhibits = await t.call('evidence.list', { number: n });
    expect(exhibits.map((e) => [e.number, e.sha256])).toEqual([['E-001', r.sha256]]);
  });

  it('reads UTF-8 with a BOM and a quoted field holding commas and quotes', async () => {
    const text = [HEADER, '2024-03-01T00:00:00Z,ann,192.0.2.1,US,login,,"Agent, with ""quotes"""', row('2024-03-01T02:00:00Z', 'ben', '192.0.2.2')].join('\n') + '\n';
    const path = join(t.dir, 'bom.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    const r = await t.call('activity.import', { number: n, path });
    expect(r).toMatchObject({ events: 2, accounts: 2, skippedCount: 0 });
    expect(t.db.prepare('SELECT user_agent FROM login_events WHERE account = ?').pluck().get('ann')).toBe('Agent, with "quotes"');
  });

  it('refuses a file with an unclosed quote, naming the line, and stores nothing', async () => {
    const text = [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1'), '2024-03-01T01:00:00Z,ann,192.0.2.1,US,login,,"never closed', row('2024-03-01T02:00:00Z', 'ben', '192.0.2.2')].join('\n') + '\n';
    const path = join(t.dir, 'unclosed.csv');
    writeFileSync(path, text);
    const e = await rejects(t.call('activity.import', { number: n, path }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/not valid CSV near line 3/);
    expect(stored()).toEqual({ events: 0, imports: 0 });
  });

  it('links each finding to the stored rows it came from, across batches and out-of-order files', async () => {
    // 200 quiet events from other accounts, written newest first, with one account hopping countries.
    const quiet = series('2024-05-01T00:00:00Z', 200, 30, (iso, i) => row(iso, `user${i % 7}`, `198.51.100.${i % 7}`, 'US')).reverse();
    const hops = [row('2024-05-02T10:00:00Z', 'hopper', '203.0.113.1', 'NL'), row('2024-05-02T11:00:00Z', 'hopper', '203.0.113.2', 'SG'), row('2024-05-02T12:00:00Z', 'hopper', '203.0.113.3', 'KP')];
    const lines = [HEADER, ...quiet.slice(0, 100), ...hops, ...quiet.slice(100)];
    const r = await t.call('activity.import', { number: n, path: writeCsv(t, 'mixed.csv', lines) });
    expect(r.events).toBe(203);
    const findings = await t.call('activity.findings', { number: n });
    const hop = findings.filter((f) => f.account === 'hopper');
    expect(hop.length).toBeGreaterThan(0);
    for (const f of hop) {
      const linked = t.db.prepare(`SELECT account, ip, line FROM login_events WHERE id IN (${f.events.map(() => '?').join(', ')}) ORDER BY ts`).all(...f.events) as { account: string; ip: string; line: number }[];
      expect(linked.length).toBe(f.events.length);
      expect(linked.every((e) => e.account === 'hopper' && f.ips.includes(e.ip))).toBe(true);
      expect(linked.every((e) => [102, 103, 104].includes(e.line))).toBe(true);
    }
  });

  it('finds the same as reading the case back when the rows are analysed as they are read, across batches, dictionary restarts and UTF-8 chunk edges', { timeout: 120_000 }, async () => {
    // 40,000 rows (five batches; 40,000 distinct session ids restart the import's dictionary) in
    // time order, user agents in Japanese in the middle of the file (a character made to straddle
    // the 2 MiB chunk edge) and ASCII before and after.
    const N = 40_000;
    const start = Date.parse('2024-06-01T00:00:00Z');
    const lines = [HEADER];
    let bytes = Buffer.byteLength(HEADER) + 1;
    const edge = 2 * 1024 * 1024;
    for (let i = 0; i < N; i++) {
      // Every tenth row an account hopping addresses and countries; now and then a shared address.
      const hop = i % 10 === 3;
      const account = hop ? 'hop' : `u${i % 50}`;
      const ip = i % 997 === 0 ? '203.0.113.9' : hop ? `10.9.0.${Math.floor(i / 10) % 4}` : `10.0.${i % 50}.1`;
      const country = hop && Math.floor(i / 1000) % 2 === 0 ? 'KP' : 'US';
      const middle = i >= N * 0.5 && i < N * 0.85;
      let line = row(new Date(start + i * 60_000).toISOString(), account, ip, country, 'api', `s${i}`, middle ? `Agent ${i % 3} 日本語` : `Agent ${i % 3}`);
      if (middle && bytes < edge && bytes + 300 > edge) {
        // Pad so that the first Japanese character's three bytes start one byte before the edge.
        const before = Buffer.byteLength(line.slice(0, line.indexOf('日')));
        line = line.replace('Agent', `Agent${'x'.repeat(edge - 1 - bytes - before)}`);
      }
      bytes += Buffer.byteLength(line) + 1;
      lines.push(line);
      if (line.includes('Agentx')) expect(Buffer.from(lines.join('\n')).subarray(edge - 1, edge + 2).toString()).toBe('日');
    }
    const straddler = lines.find((l) => l.includes('Agentx'));
    expect(straddler).toBeDefined();
    const ordered = writeCsv(t, 'ordered.csv', lines);
    const a = await t.call('activity.import', { number: n, path: ordered, zone: 'America/New_York' });
    expect(a.events).toBe(N);
    // The same rows newest first, in a second case: out of time order, so the case is read back.
    const m = (await t.call('cases.create', { title: 'Read back' })).number;
    const b = await t.call('activity.import', { number: m, path: writeCsv(t, 'reversed.csv', [HEADER, ...lines.slice(1).reverse()]), zone: 'America/New_York' });
    expect(b.events).toBe(N);
    const stored = t.db.prepare(`SELECT e.session_id, e.user_agent FROM login_events e JOIN cases c ON c.id = e.case_id WHERE c.number = ? ORDER BY e.line`).all(n) as { session_id: string; user_agent: string }[];
    expect(stored.map((r) => `${r.session_id},${r.user_agent}`)).toEqual(lines.slice(1).map((l) => l.split(',').slice(5).join(',')));
    const linked = t.db.prepare('SELECT ts, account, ip FROM login_events WHERE id = ?');
    const comparable = async (number: string) =>
      (await t.call('activity.findings', { number }))
        .filter((f) => f.detector !== 'NA-02/cross-case')
        .map((f) => ({ detector: f.detector, account: f.account, ips: f.ips, countries: f.countries, from: f.from, to: f.to, detail: f.detail, events: f.events.map((id) => linked.get(id)) }))
        .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    const live = await comparable(n);
    expect(new Set(live.map((f) => f.detector))).toEqual(new Set(['NA-01/travel', 'NA-01/countries', 'NA-01/ips', 'NA-02/case', 'NA-03/activity', 'NA-08/location', 'WP-01/hours']));
    expect(live).toEqual(await comparable(m));
  });

  it('imports uploaded bytes (the browser has no paths) under the upload\'s name, leaving no temporary file', async () => {
    const text = [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1')].join('\n');
    const file = { name: 'okta export.csv', base64: Buffer.from(text).toString('base64') };
    expect((await t.call('activity.preview', { file })).mapping).toEqual({ timestamp: 'timestamp', account: 'account', ip: 'ip', country: 'country', event: 'event', session_id: 'session_id', user_agent: 'user_agent' });
    const r = await t.call('activity.import', { number: n, file });
    expect(r.events).toBe(1);
    expect((await t.call('activity.imports', { number: n })).map((i) => i.fileName)).toEqual(['okta export.csv']);
    expect((await t.call('evidence.list', { number: n }))[0]!.originalName).toBe('okta export.csv');
    expect(readdirSync(join(t.dir, 'tmp'))).toEqual([]);
    await expect(t.call('activity.import', { number: n })).rejects.toThrow(/either a file path or the file itself/);
  });

  it('adds nothing when the same file is imported again', async () => {
    const path = writeCsv(t, 'same.csv', [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1')]);
    const first = await t.call('activity.import', { number: n, path });
    const again = await t.call('activity.import', { number: n, path });
    expect(again).toMatchObject({ duplicate: true, importId: first.importId, events: 1 });
    expect(stored()).toEqual({ events: 1, imports: 1 });
    expect((await t.call('evidence.list', { number: n })).length).toBe(1);
  });

  it('skips up to 1% bad rows and reports them by line number', async () => {
    const good = series('2024-03-01T00:00:00Z', 120, 10, (ts) => row(ts, 'ann', '192.0.2.1'));
    const path = writeCsv(t, 'one-bad.csv', [HEADER, ...good.slice(0, 50), row('2024-03-01 10:00:00', 'ann', '192.0.2.1'), ...good.slice(50)]);
    const r = await t.call('activity.import', { number: n, path });
    expect(r.events).toBe(120);
    expect(r.skipped).toEqual([{ line: 52, message: 'timestamp has no time zone (add Z or an offset such as +09:00): "2024-03-01 10:00:00"' }]);
  });

  it('refuses the whole file above 1% bad rows, listing the first errors, and stores nothing', async () => {
    const path = writeCsv(t, 'bad.csv', [
      HEADER,
      ...series('2024-03-01T00:00:00Z', 20, 10, (ts) => row(ts, 'ann', '192.0.2.1')),
      row('yesterday', 'ann', '192.0.2.1'),
      row('2024-03-01T00:00:00Z', 'ann', '300.1.2.3'),
      row('2024-03-01T00:00:00Z', '', '192.0.2.1'),
      row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1', 'USA'),
    ], '\r\n');
    const e = await rejects(t.call('activity.import', { number: n, path }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/^4 of 24 rows are bad \(16\.67%, more than the 1\.00% allowed\); nothing was imported\. First errors: line 22: timestamp is not ISO-8601 or epoch seconds: "yesterday"; line 23: ip is not an IPv4 or IPv6 address: "300\.1\.2\.3"; line 24: account is empty; line 25: country must be a two-letter ISO 3166 code: "USA"\.$/);
    expect(stored()).toEqual({ events: 0, imports: 0 });
    expect((await t.call('evidence.list', { number: n })).length).toBe(0);
    // The copy made while parsing is removed again: the store holds no unfiled file.
    expect(existsSync(t.ctx.paths.evidenceDir) ? readdirSync(t.ctx.paths.evidenceDir, { recursive: true }).filter((p) => String(p).length > 60) : []).toEqual([]);
  });

  it('asks for a mapping when the headers are not recognised, and uses the one given', async () => {
    const path = writeCsv(t, 'odd.csv', ['When (UTC),Who,Addr,Where', '2024-03-01T00:00:00Z,ann,192.0.2.1,DE']);
    const e = await rejects(t.call('activity.import', { number: n, path }));
    expect(e.message).toMatch(/No column for timestamp, account, ip/);
    expect(e.details).toEqual({ headers: ['When (UTC)', 'Who', 'Addr', 'Where'], missing: ['timestamp', 'account', 'ip'] });
    const preview = await t.call('activity.preview', { path });
    expect(preview).toMatchObject({ headers: ['When (UTC)', 'Who', 'Addr', 'Where'], missing: ['timestamp', 'account', 'ip'], sample: [['2024-03-01T00:00:00Z', 'ann', '192.0.2.1', 'DE']] });
    const r = await t.call('activity.import', { number: n, path, mapping: { 'When (UTC)': 'timestamp', who: 'account', Addr: 'ip', Where: 'country' } });
    expect(r.events).toBe(1);
    expect(t.db.prepare('SELECT country, country_source FROM login_events').get()).toEqual({ country: 'DE', country_source: 'record' });
  });

  it('matches the usual header aliases in any case', async () => {
    const path = writeCsv(t, 'aliases.csv', ['Date,E-mail,Src_IP,Country_Code', '2024-03-01T00:00:00Z,ann@example.com,192.0.2.1,']);
    expect((await t.call('activity.import', { number: n, path })).events).toBe(1);
    expect(t.db.prepare('SELECT account, ip, country, country_source FROM login_events').get()).toEqual({ account: 'ann@example.com', ip: '192.0.2.1', country: null, country_source: null });
  });

  it('reports progress and stops, saving nothing, when cancelled', async () => {
    const path = writeCsv(t, 'cancel.csv', [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1')]);
    const seen: Progress[] = [];
    t.ctx.emit = (_e, p) => seen.push(p);
    const done = await t.call('activity.import', { number: n, path, jobId: 'imp-1' });
    expect(done.events).toBe(1);
    expect(seen.map((p) => p.phase)).toEqual(expect.arrayContaining(['reading', 'analysing']));
    expect(seen.every((p) => p.jobId === 'imp-1')).toBe(true);
    const other = writeCsv(t, 'cancel2.csv', [HEADER, row('2024-03-02T00:00:00Z', 'ann', '192.0.2.1')]);
    const pending = t.call('activity.import', { number: n, path: other, jobId: 'imp-2' });
    expect(t.ctx.jobs.cancel('imp-2')).toBe(true);
    expect((await rejects(pending)).code).toBe('cancelled');
    expect(stored()).toEqual({ events: 1, imports: 1 });
  });

  it('rolls everything back when cancelled while the worker analyses', async () => {
    // Only the plain change of country is looked at here.
    await t.call('activity.setSettings', { na01SpeedKmh: 100_000, na08HighRiskCountries: [] });
    const path = writeCsv(t, 'late-cancel.csv', [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1', 'US'), row('2024-03-01T01:00:00Z', 'ann', '192.0.2.2', 'KP')]);
    t.ctx.emit = (_e, p) => {
      if (p.phase === 'analysing' && p.jobId === 'imp-late') t.ctx.jobs.cancel('imp-late');
    };
    expect((await rejects(t.call('activity.import', { number: n, path, jobId: 'imp-late' }))).code).toBe('cancelled');
    expect(stored()).toEqual({ events: 0, imports: 0 });
    expect(await t.call('activity.findings', { number: n })).toEqual([]);
    expect(await t.call('evidence.list', { number: n })).toEqual([]);
    // The worker is free again. While an import runs, a read is answered from the last committed
    // state (the staged import is not listed), and a write does not wait for the import: it is
    // made at once, and the import's exhibit comes after it.
    t.ctx.emit = () => {};
    const importing = t.call('activity.import', { number: n, path });
    const listed = t.call('activity.imports', { number: n });
    const noted = t.call('evidence.addNote', { number: n, title: 'Sent during the import', text: 'waits for the commit' });
    expect(await listed).toEqual([]);
    expect((await importing).findings.map((f) => f.detector)).toEqual(['NA-01/countries']);
    expect((await noted).number).toBe('E-001');
    const imports = await t.call('activity.imports', { number: n });
    expect(imports.map((i) => [i.fileName, i.exhibit])).toEqual([['late-cancel.csv', 'E-002']]);
  });

  it('analyses a case again after a threshold change, with progress; a cancelled analysis changes nothing', async () => {
    await t.call('activity.setSettings', { na01SpeedKmh: 100_000, na08HighRiskCountries: [] });
    const path = writeCsv(t, 'again.csv', [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1', 'US'), row('2024-03-01T01:00:00Z', 'ann', '192.0.2.1', 'KP')]);
    expect((await t.call('activity.import', { number: n, path })).findings.map((f) => f.detector)).toEqual(['NA-01/countries']);
    // Two countries an hour apart no longer count within a 15-minute window.
    await t.call('activity.setSettings', { na01CountryWindowHours: 0.25 });
    const seen: Progress[] = [];
    t.ctx.emit = (_e, p) => {
      seen.push(p);
      if (p.jobId === 'ana-1') t.ctx.jobs.cancel('ana-1');
    };
    expect((await rejects(t.call('activity.analyse', { number: n, jobId: 'ana-1' }))).code).toBe('cancelled');
    expect((await t.call('activity.findings', { number: n })).map((f) => f.detector)).toEqual(['NA-01/countries']);
    const again = await t.call('activity.analyse', { number: n, jobId: 'ana-2' });
    expect(again).toEqual([]);
    expect(seen.filter((p) => p.jobId === 'ana-2').map((p) => p.phase)).toEqual(expect.arrayContaining(['analysing']));
    expect(seen.filter((p) => p.jobId === 'ana-2').at(-1)).toMatchObject({ done: 2, total: 2 });
    expect(t.db.prepare(`SELECT count(*) FROM audit_events WHERE entity = 'activity' AND action = 'analysed'`).pluck().get()).toBe(2);
  });

  it('refuses a closed case', async () => {
    await t.call('cases.setStatus', { number: n, to: 'investigating' });
    await t.call('cases.setStatus', { number: n, to: 'pending_legal_review' });
    for (const i of (await t.call('indicators.checklist', { number: n })).items) {
      await t.call('indicators.assess', { number: n, indicator: i.indicator.id, status: 'not_applicable', rationale: 'test' });
    }
    await t.call('cases.setStatus', { number: n, to: 'decided' });
    await t.call('cases.setStatus', { number: n, to: 'closed', note: 'done' });
    const path = writeCsv(t, 'late.csv', [HEADER, row('2024-03-01T00:00:00Z', 'ann', '192.0.2.1')]);
    expect((await rejects(t.call('activity.import', { number: n, path }))).code).toBe('locked');
  });
});

describe('a file read in the import’s reading thread', () => {
  it(`refuses a file holding more than ${MAX_ACCOUNTS.toLocaleString('en')} different accounts at the line that goes over, and stores nothing; one at the limit imports`, async () => {
    const lines = (accounts: number) => [HEADER, ...series('2024-03-01T00:00:00Z', accounts, 1, (ts, i) => row(ts, `a${i}@example.com`, '192.0.2.1', 'US'))];
    const over = writeCsv(t, 'over.csv', lines(MAX_ACCOUNTS + 1));
    const e = await rejects(t.call('activity.import', { number: n, path: over }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain(`Line ${(MAX_ACCOUNTS + 2).toLocaleString('en')} brings the file to more than ${MAX_ACCOUNTS.toLocaleString('en')} different accounts; nothing was imported.`);
    expect(stored()).toEqual({ events: 0, imports: 0 });
    expect(existsSync(t.ctx.paths.evidenceDir) ? readdirSync(t.ctx.paths.evidenceDir, { recursive: true }).filter((p) => String(p).length > 60) : []).toEqual([]);
    const at = writeCsv(t, 'at.csv', lines(MAX_ACCOUNTS));
    expect(await t.call('activity.import', { number: n, path: at })).toMatchObject({ events: MAX_ACCOUNTS, accounts: MAX_ACCOUNTS });
  });

  it('counts the accounts the case holds already towards the limit, once each', async () => {
    const file = (name: string, from: number, to: number, day: string) =>
      writeCsv(t, name, [HEADER, ...series(`2024-03-${day}T00:00:00Z`, to - from, 1, (ts, i) => row(ts, `a${from + i}@example.com`, '192.0.2.1', 'US'))]);
    expect((await t.call('activity.import', { number: n, path: file('first.csv', 0, 15_000, '01') })).accounts).toBe(15_000);
    // 10,000 accounts the case holds and 5,001 new ones: one too many, at the file's last line.
    const e = await rejects(t.call('activity.import', { number: n, path: file('over.csv', 10_000, MAX_ACCOUNTS + 1, '02') }));
    expect(e.message).toContain(`Line ${(MAX_ACCOUNTS + 1 - 10_000 + 1).toLocaleString('en')} brings the case's login records to more than ${MAX_ACCOUNTS.toLocaleString('en')} different accounts (15,000 before this file); nothing was imported.`);
    expect(stored()).toEqual({ events: 15_000, imports: 1 });
    expect((await t.call('activity.import', { number: n, path: file('at.csv', 10_000, MAX_ACCOUNTS, '03') })).accounts).toBe(MAX_ACCOUNTS - 10_000);
  });

  it('stops reading at a cancel in the middle of a large file, saving nothing, and imports the same file afterwards', async () => {
    const path = writeCsv(t, 'large.csv', [HEADER, ...series('2024-03-01T00:00:00Z', 300_000, 1, (ts, i) => row(ts, `user${i % 40}`, `10.0.${(i >> 8) & 255}.${i & 255}`, 'US'))]);
    let readingSeen = 0;
    t.ctx.emit = (_e, p) => {
      if (p.jobId === 'big' && p.phase === 'reading' && ++readingSeen === 3) t.ctx.jobs.cancel('big');
    };
    expect((await rejects(t.call('activity.import', { number: n, path, jobId: 'big' }))).code).toBe('cancelled');
    expect(readingSeen).toBeLessThan(20);
    expect(stored()).toEqual({ events: 0, imports: 0 });
    t.ctx.emit = () => {};
    expect((await t.call('activity.import', { number: n, path })).events).toBe(300_000);
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let db: string;
const run = (...args: string[]) => JSON.parse(execFileSync(process.execPath, ['bin/casebook.mjs', '--db', db, '--user', 'Olivia Officer', ...args], { encoding: 'utf8' }));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'casebook-cli-'));
  db = join(dir, 'casebook.db');
  // A database is started by the first registration; every other command refuses a missing one.
  execFileSync(process.execPath, ['bin/casebook.mjs', '--db', db, 'users', 'add', 'Olivia Officer', '--role', 'officer']);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each call starts a fresh Node with tsx, which takes seconds on a busy machine.
describe('the indicators and activity commands', { timeout: 180_000 }, () => {
  it('lists the catalog, imports a log, accepts a finding and shows the score', () => {
    const catalog = run('indicators', 'list');
    expect(catalog.indicators.find((i: { id: string }) => i.id === 'WP-01').sources[0]).toMatchObject({ key: 'A22', date: '2022-05-16' });
    const { number } = run('cases', 'create', '--title', 'CLI case');
    const log = join(dir, 'log.csv');
    writeFileSync(log, 'User,Time,IP Address,Country\nann,2024-03-01T00:00:00Z,192.0.2.1,US\nann,2024-03-01T06:00:00Z,192.0.2.9,CA\n');
    const imported = run('activity', 'import', number, log, '--map', 'Time=timestamp');
    expect(imported).toMatchObject({ events: 2, accounts: 1 });
    expect(imported.findings).toEqual([
      expect.objectContaining({ indicator: 'NA-01', account: 'ann', from: '2024-03-01T00:00:00.000Z', to: '2024-03-01T06:00:00.000Z' }),
    ]);
    expect(run('activity', 'findings', number)).toHaveLength(1);
    // Analysed again with the same thresholds: the same finding, kept.
    expect(run('activity', 'analyse', number).findings).toEqual([expect.objectContaining({ id: imported.findings[0].id, detector: 'NA-01/countries', status: 'open' })]);
    run('activity', 'accept', number, String(imported.findings[0].id));
    expect(run('risk', number)).toEqual({ score: 15, band: 'low', contributions: [{ indicator: 'NA-01', points: 15 }] });
    const set = run('indicators', 'set', number, 'CM-01', '--status', 'present', '--rationale', 'camera off', '--evidence', imported.exhibit);
    expect(set).toMatchObject({ status: 'present', exhibits: ['E-001'] });
    expect(run('risk', number)).toEqual({ score: 30, band: 'medium', contributions: [{ indicator: 'CM-01', points: 15 }, { indicator: 'NA-01', points: 15 }] });
    // A device inventory, the company's egress, and an analysis in a chosen zone.
    const devices = join(dir, 'devices.csv');
    writeFileSync(devices, 'Device,Serial,User,Last Public IP,Installed Software,Shipping Address\nLT-1,S1,ann,203.0.113.5,TeamViewer 15,1 Main St\nLT-2,S2,bob,203.0.113.5,,2 Main St\n');
    const d = run('activity', 'devices', 'import', number, devices);
    expect(d).toMatchObject({ devices: 2, duplicate: false, exhibit: 'E-002' });
    expect(d.findings.map((f: { detector: string }) => f.detector).sort()).toEqual(['EQ-02/devices', 'NA-01/countries', 'NA-05/software']);
    const egress = join(dir, 'egress.txt');
    writeFileSync(egress, '203.0.113.0/24\n');
    expect(run('activity', 'cidr', 'import', 'Office NAT', egress, '--kind', 'company_egress')).toMatchObject({ kind: 'company_egress', ranges: 1 });
    const again = run('activity', 'analyse', number, '--zone', 'Asia/Seoul').findings;
    expect(again.map((f: { detector: string }) => f.detector).sort()).toEqual(['NA-01/countries', 'NA-05/software']);
  });

  it('exits 2 with the reason when "present" has no evidence', () => {
    const { number } = run('cases', 'create', '--title', 'No evidence');
    const r = spawnSync(process.execPath, ['bin/casebook.mjs', '--db', db, 'indicators', 'set', number, 'ID-08', '--status', 'present', '--rationale', 'swap'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr).error.message).toMatch(/needs evidence/);
  });
});

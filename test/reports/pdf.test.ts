import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { seedReportCase } from './fixture.ts';

const BIN = join(import.meta.dirname, '../../bin/casebook.mjs');
let core: TestCore;
let number: string;

beforeAll(async () => {
  core = makeTestCore('Olivia Officer', 'officer');
  number = await seedReportCase(core);
  core.close(); // the CLI opens the same file in its own process
});
afterAll(() => core.cleanup());

const cli = (args: string[], env: NodeJS.ProcessEnv = {}, user = 'Olivia Officer') =>
  spawnSync(process.execPath, [BIN, '--db', core.dbFile, '--user', user, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const pageSize = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }).match(/Page size:\s+([\d.]+) x ([\d.]+) pts/)!.slice(1).map(Number);

describe('printed reports (CLI, Chromium, pdftotext)', () => {
  it('prints the case summary on A4 with every section, running header and "Page X of Y", and records its SHA-256', () => {
    const out = join(core.dir, 'summary.pdf');
    const r = cli(['report', number, '--kind', 'summary', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as { sha256: string; pages: number; file: string };
    const bytes = readFileSync(out);
    expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const t = pdfText(out);
    for (const s of ['Case summary', 'Subjects and identifiers', 'Indicator checklist', 'Due diligence', 'Evidence register', 'Activity findings', 'Decisions and sign-offs', 'Remediation', 'Audit trail', 'Fingerprint of the latest record']) {
      expect(t).toContain(s);
    }
    expect(t).toContain(`Page 1 of ${result.pages}`);
    expect(t).toContain(`Page ${result.pages} of ${result.pages}`);
    expect(t.split('\f').filter((p) => p.trim()).every((p) => p.includes(number) && p.includes('Confidential — Investigation Record'))).toBe(true);
    expect(t).toContain('<script>alert(1)</script>');
    const [w, h] = pageSize(out);
    expect(Math.abs(w! - 595.3)).toBeLessThan(2); // A4: 210 × 297 mm
    expect(Math.abs(h! - 841.9)).toBeLessThan(2);
    const fonts = execFileSync('pdffonts', [out], { encoding: 'utf8' });
    expect(fonts).toMatch(/Report|NotoSans/);
    expect(fonts.split('\n').slice(2).filter(Boolean).every((l) => / yes /.test(l))).toBe(true); // every font embedded

    const audit = JSON.parse(cli(['cases', 'show', number]).stdout) as { audit: { entity: string; action: string; after: { sha256: string } }[] };
    expect(audit.audit.at(-1)).toMatchObject({ entity: 'report', action: 'exported', after: { sha256: result.sha256 } });
  });

  it('prints the legal memorandum on Letter with the privilege marking on every page', () => {
    const out = join(core.dir, 'legal.pdf');
    // The memorandum is privileged: counsel prints it.
    const r = cli(['report', number, '--kind', 'legal', '--out', out, '--paper', 'letter'], {}, 'Carl Counsel');
    expect(r.status).toBe(0);
    const t = pdfText(out);
    for (const s of ['Payments ledger', 'Sanctions exposure', 'Limitation dates', 'Determination and recommendation', 'Signatures', 'Estimate for counsel, not legal advice.', '2035-03-10']) expect(t).toContain(s);
    const pages = t.split('\f').filter((p) => p.trim());
    expect(pages.every((p) => p.includes('Attorney Work Product'))).toBe(true);
    const [w, h] = pageSize(out);
    expect(Math.abs(w! - 612)).toBeLessThan(2); // Letter: 8.5 × 11 in
    expect(Math.abs(h! - 792)).toBeLessThan(2);
  });

  it('says clearly when no Chromium is available, and writes nothing', () => {
    const out = join(core.dir, 'none.pdf');
    const r = cli(['report', number, '--kind', 'summary', '--out', out], { CASEBOOK_CHROMIUM: '/nonexistent/chromium' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('CASEBOOK_CHROMIUM points to /nonexistent/chromium');
    expect(spawnSync('test', ['-e', out]).status).toBe(1);
  });

  it('answers exposure with USD numbers with cents and limitation dates', () => {
    const r = cli(['exposure', number, '--egregious', 'no', '--vsd', 'no']);
    expect(r.status).toBe(0);
    const x = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(x).toMatchObject({
      payments: [
        { date: '2024-07-01', usd: 13001.34, base_penalty_usd: 25000, limitation_ends: '2034-07-01' },
        { date: '2025-03-10', usd: 4200, base_penalty_usd: 10000, limitation_ends: '2035-03-10' },
      ],
      total_usd: 17201.34,
      total_base_penalty_usd: 35000,
      statutory_maximum_usd: 377700,
    });
    expect(cli(['exposure', number, '--vsd', 'maybe']).status).toBe(2);
  });
});

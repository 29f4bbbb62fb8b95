import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'casebook-evidence-cli-'));
const db = join(dir, 'casebook.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/casebook.mjs'), '--db', db, '--user', 'Cli Officer', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
};

describe('subjects, identifiers and evidence from the command line', () => {
  // A database is started by the first registration; every other command refuses a missing one.
  beforeAll(() => expect(cli('users', 'add', 'Cli Officer', '--role', 'officer').code).toBe(0));
  it('adds subjects, identifiers with links, and evidence, then verifies and names what breaks', () => {
    const a = cli('cases', 'create', '--title', 'Applicant one').json().number as string;
    const b = cli('cases', 'create', '--title', 'Applicant two').json().number as string;

    const subject = cli('subjects', 'add', a, '--name', 'Kim Chol', '--nationality', 'KP', '--location', 'Shenyang', '--timezone', 'Asia/Shanghai', '--role', 'worker');
    expect(subject.code).toBe(0);
    expect(subject.json()).toMatchObject({ name: 'Kim Chol', nationality: 'KP' });
    expect(cli('subjects', 'list', a).json()).toHaveLength(1);

    const file = join(dir, 'payslip.txt');
    writeFileSync(file, 'Payout to USDT-TRON TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7');
    const added = cli('evidence', 'add', a, file, '--title', 'Payslip', '--source', 'HR system');
    expect(added.code).toBe(0);
    expect(added.json().added[0]).toMatchObject({ number: 'E-001', title: 'Payslip', mime: 'text/plain', originalName: 'payslip.txt' });
    const sha = added.json().added[0].sha256 as string;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(cli('evidence', 'list', a).json().map((e: { number: string }) => e.number)).toEqual(['E-001']);

    const first = cli('identifiers', 'add', a, '--kind', 'wallet', '--chain', 'USDT-TRON', '--value', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', '--subject', String(subject.json().id), '--evidence', 'E-001');
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ value: 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7', qualifier: 'USDT-TRON', evidence: 'E-001', links: [] });
    const second = cli('identifiers', 'add', b, '--kind', 'wallet', '--value', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7');
    expect(second.json().links).toEqual([expect.objectContaining({ caseNumber: a, subjectName: 'Kim Chol' })]);

    const found = cli('identifiers', 'find', '--kind', 'wallet', '--value', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7');
    expect(found.json().matches.map((m: { caseNumber: string }) => m.caseNumber).sort()).toEqual([a, b].sort());

    const bad = cli('identifiers', 'add', a, '--kind', 'email', '--value', 'not-an-email');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/has no \\"@\\"/);
    expect(cli('identifiers', 'add', a, '--kind', 'colour', '--value', 'x').err).toMatch(/--kind must be one of email, phone/);

    const ok = cli('verify');
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ ok: true, broken: [], evidence: { exhibits: 1, files: 1 } });

    // The stored file's name is a keyed hash: the only file in the store is this exhibit's.
    const stored = (readdirSync(join(dir, 'evidence'), { recursive: true }) as string[]).filter((f) => f.endsWith('.age'));
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toContain(sha);
    writeFileSync(join(dir, 'evidence', stored[0]!), 'Payout to someone else');
    const broken = cli('verify');
    expect(broken.code).toBe(1);
    expect(broken.json().broken).toEqual([expect.stringMatching(new RegExp(`${a} E-001 "Payslip": the stored file no longer matches its SHA-256`))]);
    expect(cli('evidence', 'verify', b).code).toBe(0);
  }, 180_000);

  it('refuses a zero-byte file naming it, exit 2', () => {
    const n = cli('cases', 'create', '--title', 'Empty').json().number as string;
    const empty = join(dir, 'empty.png');
    writeFileSync(empty, '');
    const r = cli('evidence', 'add', n, empty);
    expect(r.code).toBe(2);
    expect(r.err).toContain('empty.png is empty (0 bytes)');
    expect(cli('evidence', 'list', n).json()).toEqual([]);
  }, 60_000);
});

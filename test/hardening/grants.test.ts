import { shownPath } from '../../renderer/src/components/shownPath.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { bindIpc } from '../../electron/main/ipc.ts';
import { PATH_FIELDS } from '../../electron/main/grants.ts';
import { rendererUrl } from '../../electron/main/security.ts';
import { contract } from '../../shared/contract/index.ts';
import { makeTestCore, type TestCore } from '../helpers/core.ts';

const APP = 'file:///opt/Casebook/resources/app.asar/out/renderer/index.html';
type Call = (event: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;

let t: TestCore;
let number: string;
let chosen: string[] = [];
const bound = new Map<string, Call>();
const call = (channel: string, input: unknown) => bound.get(channel)!({ senderFrame: { url: APP, parent: null } }, input);

beforeAll(async () => {
  t = makeTestCore();
  number = (await t.call('cases.create', { title: 'Grants' })).number;
  // The native dialog is the one part played here: it "answers" with the files the user picked.
  t.ctx.shell = { ...t.ctx.shell, chooseFiles: async () => chosen };
  bindIpc({ handle: (ch: string, fn: never) => void bound.set(ch, fn) } as never, t.ctx, () => true);
});
afterAll(() => t.cleanup());

describe('path grants in the desktop app', () => {
  it('refuses a path the renderer names itself (/etc/passwd, an export anywhere, a report over any file)', async () => {
    for (const [channel, input] of [
      ['evidence.addFiles', { number, paths: ['/etc/passwd'] }],
      ['evidence.export', { number, exhibit: 'E-001', directory: '/tmp' }],
      ['reports.export', { number, kind: 'summary', paper: 'a4', out: '/tmp/overwritten.pdf' }],
      ['sanctions.import', { sdn: '/etc/hosts' }],
      ['payments.import', { number, path: '/etc/passwd' }],
      ['evidence.addFiles', { number, paths: ['grant:00000000-0000-0000-0000-000000000000/passwd'] }],
    ] as const) {
      const r = await call(channel, input);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await t.call('evidence.list', { number })).toEqual([]);
  });

  it('accepts the handle of a file the user chose, for what it was chosen for only', async () => {
    const file = join(t.dir, 'payslip.txt');
    writeFileSync(file, 'payslip');
    chosen = [file];
    const r = await call('shell.chooseFiles', { mode: 'open', title: 'Add exhibits', multiple: true });
    const handles = (r.value as { paths: string[] }).paths;
    expect(handles).toHaveLength(1);
    expect(handles[0]).toMatch(/^grant:[0-9a-f-]{36}\/payslip\.txt$/);
    expect(handles[0]).not.toContain(t.dir);
    // The path field shows the user the chosen file's name, not the handle.
    expect(shownPath(handles[0]!)).toBe('payslip.txt');
    expect(shownPath('/home/o/logins.csv')).toBe('/home/o/logins.csv');
    const added = await call('evidence.addFiles', { number, paths: handles });
    expect(added).toMatchObject({ ok: true });
    // Chosen to be read, so not a place to write a report to.
    expect(await call('reports.export', { number, kind: 'summary', paper: 'a4', out: handles[0] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('lists every path-taking field of the contract', () => {
    const PATHISH = /^(path|paths|out|directory|file|sdn|alt|add|geoipPath|dir|folder|target|from|to)$/;
    const unwrap = (s: z.ZodType): z.ZodType => {
      let cur = s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType } } };
      while (['optional', 'nullable', 'default', 'pipe'].includes(cur._zod.def.type)) cur = (cur._zod.def.innerType ?? cur._zod.def.in) as never;
      return cur as never;
    };
    const missing: string[] = [];
    let checked = 0;
    for (const [channel, o] of Object.entries(contract)) {
      const shape = (o.input as unknown as { shape?: Record<string, z.ZodType> }).shape;
      if (!shape) continue;
      for (const [key, schema] of Object.entries(shape)) {
        if (!PATHISH.test(key)) continue;
        const inner = unwrap(schema) as unknown as { _zod: { def: { type: string; element?: z.ZodType } } };
        const isText = inner._zod.def.type === 'string' || (inner._zod.def.type === 'array' && (unwrap(inner._zod.def.element!) as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'string');
        if (!isText) continue;
        checked++;
        if (!PATH_FIELDS[channel as keyof typeof PATH_FIELDS]?.some((f) => f.key === key)) missing.push(`${channel}.${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(12);
  });
});

describe('the packaged app', () => {
  it('honours ELECTRON_RENDERER_URL only in a development run, and only on loopback', () => {
    expect(rendererUrl(true, 'http://localhost:5173/', APP)).toBe(APP);
    expect(rendererUrl(false, 'http://localhost:5173/', APP)).toBe('http://localhost:5173/');
    expect(rendererUrl(false, 'http://evil.example/', APP)).toBe(APP);
    expect(rendererUrl(false, undefined, APP)).toBe(APP);
  });
});

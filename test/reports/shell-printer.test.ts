import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import type { RenderedReport } from '../../shared/contract/reports.ts';
import { PRINT_MARGINS, PRINT_WINDOW_PREFERENCES } from '../../electron/main/print-options.ts';

let t: TestCore;
beforeEach(() => {
  t = makeTestCore();
});
afterEach(() => t.cleanup());

describe('the shell around the core', () => {
  it('without a desktop shell: no file dialogs, reports print with the machine’s Chromium', async () => {
    expect(await t.call('shell.capabilities', {})).toEqual({ chooseFiles: false, printer: 'chromium' });
    expect(await t.call('shell.chooseFiles', { mode: 'open', title: 'Pick' })).toEqual({ paths: [] });
  });

  it('with the desktop shell: dialogs answer with the chosen paths, and exports print with the app’s printer', async () => {
    const printed: RenderedReport[] = [];
    const fakePdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Page >> endobj\n2 0 obj << /Type /Page >> endobj\n%%EOF\n');
    t.ctx.shell = {
      chooseFiles: async (request) => (request.mode === 'save' ? [join(t.dir, request.defaultName ?? 'out.pdf')] : []),
      printPdf: async (report) => {
        printed.push(report);
        return fakePdf;
      },
    };
    expect(await t.call('shell.capabilities', {})).toEqual({ chooseFiles: true, printer: 'app' });
    const { number } = await t.call('cases.create', { title: 'Printed by the app' });
    const { paths } = await t.call('shell.chooseFiles', { mode: 'save', title: 'Save report', defaultName: `${number}.pdf` });
    expect(paths).toEqual([join(t.dir, `${number}.pdf`)]);

    const result = await t.call('reports.export', { number, kind: 'summary', paper: 'letter', out: paths[0]! });
    expect(printed).toHaveLength(1);
    expect(printed[0]!.paper).toBe('letter');
    expect(printed[0]!.html).toContain(number);
    const onDisk = readFileSync(paths[0]!);
    expect(onDisk.equals(fakePdf)).toBe(true);
    expect(result).toMatchObject({ sha256: createHash('sha256').update(fakePdf).digest('hex'), bytes: fakePdf.length, pages: 2 });
    const last = (await t.call('cases.audit', { number })).at(-1)!;
    expect(last).toMatchObject({ entity: 'report', action: 'exported', after: { sha256: result.sha256 } });
  });

  it('puts a bare file name in the exports folder beside the database, and refuses a relative path', async () => {
    t.ctx.shell = { printPdf: async () => Buffer.from('%PDF-1.7\n%%EOF\n') };
    const { number } = await t.call('cases.create', { title: 'Where does it go' });
    const saved = await t.call('reports.export', { number, kind: 'summary', paper: 'a4', out: 'summary.pdf' });
    expect(saved.file).toBe(join(t.dir, 'exports', 'summary.pdf'));
    expect(readFileSync(saved.file).toString()).toContain('%PDF');
    const e = await t.call('reports.export', { number, kind: 'summary', paper: 'a4', out: '../escape.pdf' }).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/full path or a plain file name/);
  });

  it('prints in a hidden window with scripts off and the CLI printer’s margins', () => {
    expect(PRINT_WINDOW_PREFERENCES).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false });
    expect(PRINT_MARGINS.top * 25.4).toBeCloseTo(18);
    expect(PRINT_MARGINS.left * 25.4).toBeCloseTo(14);
  });
});

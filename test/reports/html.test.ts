import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestCore, type TestCore } from '../helpers/core.ts';
import { seedReportCase, HOSTILE } from './fixture.ts';

let core: TestCore;
let number: string;
beforeEach(async () => {
  core = makeTestCore('Olivia Officer', 'officer');
  number = await seedReportCase(core);
});
afterEach(() => core.cleanup());

const text = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/&#(39|x27);/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/\s+/g, ' ');

describe('the case summary HTML', () => {
  it('holds every section, the payments red flags, decisions, remediation and the verified audit head', async () => {
    const r = await core.call('reports.render', { number, kind: 'summary' });
    const t = text(r.html);
    for (const heading of ['Case summary', 'Subjects and identifiers', 'Indicator checklist', 'Due diligence', 'Evidence register', 'Activity findings', 'Decisions and sign-offs', 'Remediation', 'Audit trail']) {
      expect(t).toContain(heading);
    }
    expect(t).toContain('PY-01');
    expect(t).toContain('Terminate engagement');
    expect(t).toContain('Revoke access');
    expect(t).toMatch(/Intact: all \d+ recorded changes checked, none altered or missing/);
    expect(r.headerTemplate).toContain(number);
    expect(r.footerTemplate).toContain('class="pageNumber"');
    expect(r.footerTemplate).toContain('class="totalPages"');
  });

  it('prints hostile text as text: no markup from users reaches the page', async () => {
    const r = await core.call('reports.render', { number, kind: 'summary' });
    expect(r.html).not.toContain('<script>alert');
    expect(r.html).not.toContain('<img src=x');
    expect(r.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text(r.html)).toContain(HOSTILE);
    expect(r.html).not.toMatch(/<script/i);
  });

  it('embeds its fonts as data URLs and loads nothing from outside', async () => {
    const r = await core.call('reports.render', { number, kind: 'summary', paper: 'letter' });
    expect(r.html).toMatch(/@font-face \{ font-family: 'Report Sans'; font-weight: 400;[^}]*url\(data:font\/woff2;base64,/);
    expect(r.html).toContain("font-family: 'Report Mono'");
    expect(r.html).toContain('size: Letter');
    expect(r.html).not.toMatch(/(src|href)="https?:/);
  });
});

describe('the legal memorandum HTML', () => {
  it('carries the privilege marking, the ledger, exposure, limitation dates, the determination, signatures and the disclaimer', async () => {
    // The memorandum is privileged: counsel prints it (an officer is refused until counsel shares the review).
    await expect(core.call('reports.render', { number, kind: 'legal' })).rejects.toMatchObject({ code: 'forbidden' });
    core.as('Carl Counsel', 'counsel');
    const r = await core.call('reports.render', { number, kind: 'legal' });
    core.as('Olivia Officer', 'officer');
    const t = text(r.html);
    expect(r.headerTemplate).toContain('Attorney-Client Communication / Attorney Work Product');
    expect(r.footerTemplate).toContain('Estimate for counsel, not legal advice.');
    for (const s of ['Payments ledger', 'Sanctions exposure', 'Limitation dates', 'Determination and recommendation', 'Signatures', 'Estimate for counsel, not legal advice.']) expect(t).toContain(s);
    expect(t).toContain('EUR 12,000.50');
    expect(t).toContain('13,001.34'); // 12,000.50 × 1.0834
    expect(t).toContain('2034-07-01');
    expect(t).toContain('Voluntarily self-disclose to OFAC');
    expect(t).toContain('Carl Counsel, counsel — signed');
  });
});

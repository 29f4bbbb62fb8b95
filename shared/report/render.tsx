/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { renderToStaticMarkup } from 'react-dom/server';
import type { RenderedReport } from '../contract/reports.ts';
import type { ReportData, ReportFonts } from './types.ts';
import { REPORT_CSS, fontFaces } from './style.ts';
import { CaseSummary } from './CaseSummary.tsx';
import { LegalMemo } from './LegalMemo.tsx';
import { BlockedReport, Ic3Worksheet, VsdDraft } from './Filings.tsx';
import type { ReportKind } from '../contract/reports.ts';
import { DISCLAIMER } from '../legal/exposure.ts';
import { showInvisibleDeep } from '../text.ts';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Chromium prints these templates in every page margin. They are HTML strings outside React, so
 * every value in them is escaped here; they get the embedded font too.
 */
function templates(data: ReportData, fonts: ReportFonts) {
  const face = `<style>${fontFaces(fonts.filter((f) => f.family === 'Report Sans' && f.weight === 400))} .t { font-family: 'Report Sans'; font-size: 7.5pt; color: #444; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between; }</style>`;
  const header = `${face}<div class="t"><span>${escapeHtml(data.case.number)}</span><span style="color:#8b0000;font-weight:700">${escapeHtml(data.marking)}</span></div>`;
  const left = data.kind === 'summary' ? `Casebook — ${data.case.number}` : DISCLAIMER;
  const footer = `${face}<div class="t"><span>${escapeHtml(left)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
  return { header, footer };
}

const TITLES: Record<ReportKind, string> = {
  summary: 'Case summary',
  legal: 'Legal memorandum',
  vsd: 'Voluntary self-disclosure draft',
  blocked: 'Blocked or rejected transaction report',
  ic3: 'IC3 complaint worksheet',
};

const BODIES: Record<ReportKind, (data: ReportData) => React.JSX.Element> = {
  summary: (data) => <CaseSummary data={data} />,
  legal: (data) => <LegalMemo data={data} />,
  vsd: (data) => <VsdDraft data={data} />,
  blocked: (data) => <BlockedReport data={data} />,
  ic3: (data) => <Ic3Worksheet data={data} />,
};

/** The report as static HTML (also the in-app preview) plus Chromium's header and footer templates. */
export function renderReport(raw: ReportData, fonts: ReportFonts): RenderedReport {
  // Everything printed is shown as a reader must see it: invisible and direction-changing
  // characters written out (⟨U+202E⟩), so a spoofed name cannot read differently on paper.
  const data = showInvisibleDeep(raw);
  const title = `${TITLES[data.kind]} ${data.case.number}`;
  const body = renderToStaticMarkup(BODIES[data.kind](data));
  const pageSize = data.paper === 'letter' ? 'Letter' : 'A4';
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">` +
    `<style>${fontFaces(fonts)}${REPORT_CSS}@page { size: ${pageSize}; margin: 18mm 14mm 18mm 14mm; }</style></head><body>${body}</body></html>`;
  const t = templates(data, fonts);
  return { title, html, headerTemplate: t.header, footerTemplate: t.footer, paper: data.paper };
}

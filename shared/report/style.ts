import type { ReportFonts } from './types.ts';

export const fontFaces = (fonts: ReportFonts): string =>
  fonts.map((f) => `@font-face { font-family: '${f.family}'; font-weight: ${f.weight}; font-style: normal; src: url(${f.url}) format('woff2'); unicode-range: ${f.unicodeRange}; }`).join('\n');

export const REPORT_CSS = `
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: 'Report Sans'; font-size: 9.5pt; line-height: 1.4; color: #1a1a1a; margin: 0; }
h1 { font-size: 20pt; margin: 0 0 6pt; }
h2 { font-size: 13pt; margin: 18pt 0 6pt; padding-bottom: 3pt; border-bottom: 1.5pt solid #1f3a5f; color: #1f3a5f; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 10pt 0 4pt; break-after: avoid; }
p { margin: 0 0 6pt; }
.mono { font-family: 'Report Mono'; font-size: 8pt; word-break: break-all; }
.muted { color: #555; }
.pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.cover { break-after: page; padding-top: 40pt; }
.cover .marking { display: inline-block; border: 1.5pt solid #8b0000; color: #8b0000; padding: 3pt 8pt; font-weight: 700; margin-bottom: 24pt; }
.kv { border-collapse: collapse; margin: 12pt 0; }
.kv th { text-align: left; padding: 3pt 12pt 3pt 0; color: #555; font-weight: 400; vertical-align: top; white-space: nowrap; }
.kv td { padding: 3pt 0; vertical-align: top; }
table.grid { width: 100%; border-collapse: collapse; margin: 4pt 0 10pt; }
table.grid thead { display: table-header-group; }
table.grid tr { break-inside: avoid; page-break-inside: avoid; }
table.grid th { background: #e8edf3; text-align: left; font-weight: 700; padding: 3pt 4pt; border-bottom: 1pt solid #1f3a5f; font-size: 8.5pt; }
table.grid td { padding: 3pt 4pt; border-bottom: 0.5pt solid #ccd; vertical-align: top; overflow-wrap: anywhere; }
table.grid td.num, table.grid th.num { text-align: right; white-space: nowrap; }
table.grid td.nw, table.grid th.nw { white-space: nowrap; }
table.grid tfoot td { font-weight: 700; border-top: 1pt solid #1f3a5f; }
.badge { display: inline-block; padding: 0 4pt; border-radius: 3pt; font-size: 8pt; border: 0.5pt solid #889; }
.ok { color: #0a6b2d; } .bad { color: #a00; }
.notice { border: 1pt solid #b8860b; background: #fff8e1; padding: 5pt 8pt; margin: 6pt 0 10pt; break-inside: avoid; }
.block { break-inside: avoid; margin-bottom: 8pt; }
.sig { display: inline-block; width: 45%; margin: 14pt 4% 0 0; border-top: 0.75pt solid #333; padding-top: 3pt; vertical-align: top; break-inside: avoid; }
p.compact-list { font-size: 8.5pt; color: #333; }
table.heat { border-collapse: collapse; margin: 4pt 0 10pt; }
table.heat td, table.heat th { width: 17pt; height: 13pt; padding: 0; font-size: 6.5pt; text-align: center; font-weight: 400; }
table.heat td { border: 0.5pt solid #fff; }
`;

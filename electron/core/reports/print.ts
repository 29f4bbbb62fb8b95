import { existsSync } from 'node:fs';
import { AppError } from '../../../shared/errors.ts';
import type { RenderedReport } from '../../../shared/contract/reports.ts';
import { REPORT_MARGINS_MM } from '../../../shared/report/types.ts';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'];

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** The Chromium this machine has: $CASEBOOK_CHROMIUM, else a usual install location. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CASEBOOK_CHROMIUM;
  if (configured) {
    if (!existsSync(configured)) throw new AppError('check_failed', `CASEBOOK_CHROMIUM points to ${configured}, which does not exist. Set it to a Chromium or Chrome executable.`);
    return configured;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new AppError('check_failed', `No Chromium found (looked in ${CANDIDATES.slice(0, 4).join(', ')}). Install Chromium or set CASEBOOK_CHROMIUM to a Chromium or Chrome executable; the app itself prints without it.`);
  }
  return found;
}

const MARGIN = Object.fromEntries(Object.entries(REPORT_MARGINS_MM).map(([side, mm]) => [side, `${mm}mm`]));

/**
 * Prints the report HTML to PDF in an offline, script-less page, with the running header and
 * footer ("Page X of Y") in every margin.
 */
export async function printPdf(report: RenderedReport, signal?: AbortSignal): Promise<Buffer> {
  // Loaded only when printing without the desktop app (CLI, tests): the app prints with its own
  // Chromium, so this stays out of its start-up.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_FLAGS, headless: true });
  const abort = () => void browser.close();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    await context.route(/^(?!data:|about:)/, (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(report.html, { waitUntil: 'load' });
    return await page.pdf({
      format: report.paper === 'letter' ? 'Letter' : 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: report.headerTemplate,
      footerTemplate: report.footerTemplate,
      margin: MARGIN,
      preferCSSPageSize: false,
    });
  } catch (e) {
    if (signal?.aborted) throw new AppError('cancelled', 'Cancelled by the user; no PDF was written.');
    throw e;
  } finally {
    signal?.removeEventListener('abort', abort);
    await browser.close().catch(() => {});
  }
}

/** Counts the page objects of a PDF Chromium wrote (it writes page dictionaries uncompressed). */
export const pdfPageCount = (pdf: Buffer): number | null => {
  const m = pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g);
  return m ? m.length : null;
};

import { REPORT_MARGINS_MM } from '../../shared/report/types.ts';

const inches = (mm: number) => mm / 25.4;

/** The report margins for webContents.printToPDF, which takes inches. */
export const PRINT_MARGINS = {
  top: inches(REPORT_MARGINS_MM.top),
  bottom: inches(REPORT_MARGINS_MM.bottom),
  left: inches(REPORT_MARGINS_MM.left),
  right: inches(REPORT_MARGINS_MM.right),
};

/** A hidden, script-less window that only ever holds one report's static HTML. */
export const PRINT_WINDOW_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  javascript: false,
  webSecurity: true,
  images: true,
  spellcheck: false,
} as const;


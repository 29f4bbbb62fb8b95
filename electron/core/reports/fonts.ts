import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReportFonts } from '../../../shared/report/types.ts';

const LATIN = 'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD';
const LATIN_EXT = 'U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+0304, U+0308, U+0329, U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF';
const CYRILLIC = 'U+0301, U+0400-045F, U+0490-0491, U+04B0-04B1, U+2116';

let cached: ReportFonts | null = null;

/** The report fonts as data: URLs, read once from @fontsource, so no PDF depends on the fonts of the machine that printed it. */
export function reportFonts(): ReportFonts {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const dir = (pkg: string) => join(dirname(require.resolve(`${pkg}/package.json`)), 'files');
  const url = (pkg: string, file: string) => `data:font/woff2;base64,${readFileSync(join(dir(pkg), file)).toString('base64')}`;
  const sans = (subset: string, weight: 400 | 700, unicodeRange: string) => ({ family: 'Report Sans' as const, weight, unicodeRange, url: url('@fontsource/noto-sans', `noto-sans-${subset}-${weight}-normal.woff2`) });
  cached = [
    sans('latin', 400, LATIN),
    sans('latin-ext', 400, LATIN_EXT),
    sans('cyrillic', 400, CYRILLIC),
    sans('latin', 700, LATIN),
    sans('latin-ext', 700, LATIN_EXT),
    { family: 'Report Mono', weight: 400, unicodeRange: LATIN, url: url('@fontsource/noto-sans-mono', 'noto-sans-mono-latin-400-normal.woff2') },
  ];
  return cached;
}

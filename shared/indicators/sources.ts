/** The public documents the checklist cites (keys as in the domain notes). */
export const SOURCES = {
  A22: {
    title: "U.S. Dept. of State, Treasury and FBI, \"Guidance on the Democratic People's Republic of Korea Information Technology Workers\"",
    date: '2022-05-16',
  },
  P23: { title: 'FBI / Republic of Korea joint public service announcement PSA231018, "Additional Guidance on the DPRK IT Workers"', date: '2023-10-18' },
  P24: { title: 'FBI PSA240516, North Korea IT workers and U.S.-based facilitators ("laptop farms")', date: '2024-05-16' },
  P25: { title: "FBI PSA I-012325-PSA, DPRK IT workers' data theft and extortion", date: '2025-01-23' },
  T18: { title: 'Treasury press release sm481 (Yanbian Silverstar, Volasys Silver Star designations)', date: '2018-09-13' },
  T23: { title: 'Treasury press release jy1498 (Chinyong IT Cooperation Co., Kim Sang Man)', date: '2023-05-23' },
  T25: { title: 'Treasury press release jy2790 (Department 53 fronts; Jong In Chol, Son Kyong Sik)', date: '2025-01-16' },
  SDN: { title: 'OFAC Specially Designated Nationals and Blocked Persons List', date: null },
  FBI25: { title: 'FBI guidance on DPRK IT workers, 2025 (date not verified)', date: null },
} as const satisfies Record<string, { title: string; date: string | null }>;

export type SourceKey = keyof typeof SOURCES;

export type SourceRef = { key: SourceKey; title: string; date: string | null };

export const sourceRef = (key: SourceKey): SourceRef => ({ key, ...SOURCES[key] });

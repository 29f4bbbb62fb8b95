/** The public documents the checklist cites (keys as in the domain notes). */
export const SOURCES = {
  A22: {
    title: "U.S. Dept. of State, Treasury and FBI, \"Guidance on the Democratic People's Republic of Korea Information Technology Workers\"",
    date: '2022-05-16',
  },
  P23: { title: 'FBI / Republic of Korea joint public service announcement PSA231018, "Additional Guidance on the DPRK IT Workers"', date: '2023-10-18' },
  P24: { title: 'FBI PSA240516, North Korea IT workers and U.S.-based facilitators ("laptop farms")', date: '2024-05-16' },
  // Title as published on ic3.gov; its hiring recommendations include pointing the camera out a
  // window, asking about the claimed location, and capturing images to compare with later meetings
  // ("sometimes an individual is employed to pass the initial interview, but the on-the-job work is
  // completed by a different individual"), checked against reproductions of the announcement.
  P25: { title: 'FBI PSA I-012325-PSA, "North Korean IT Workers Conducting Data Extortion"', date: '2025-01-23' },
  T18: { title: 'Treasury press release sm481 (Yanbian Silverstar, Volasys Silver Star designations)', date: '2018-09-13' },
  T23: { title: 'Treasury press release jy1498 (Chinyong IT Cooperation Co., Kim Sang Man)', date: '2023-05-23' },
  T25: { title: 'Treasury press release jy2790 (Department 53 fronts; Jong In Chol, Son Kyong Sik)', date: '2025-01-16' },
  SDN: { title: 'OFAC Specially Designated Nationals and Blocked Persons List', date: null },
  FBI25: { title: 'FBI guidance on DPRK IT workers, 2025 (date not verified)', date: null },
  // The press's account of an FBI warning that most of these workers are in China and Russia (fewer
  // in South-East Asia and Africa); the FBI's own text was not found to verify it.
  FBI22: { title: 'FBI warning on DPRK IT workers as reported in the press, 2022 (original not verified)', date: null },
} as const satisfies Record<string, { title: string; date: string | null }>;

export type SourceKey = keyof typeof SOURCES;

export type SourceRef = { key: SourceKey; title: string; date: string | null };

export const sourceRef = (key: SourceKey): SourceRef => ({ key, ...SOURCES[key] });

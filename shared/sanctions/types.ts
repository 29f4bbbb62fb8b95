/** Types of the sanctions domain, shared by the core, the CLI and the UI. */

export const SDN_TYPES = ['individual', 'entity', 'vessel', 'aircraft'] as const;
export type SdnType = (typeof SDN_TYPES)[number];

export const IDENTIFIER_KINDS = [
  'crypto', 'passport', 'national_id', 'tax_id', 'registration', 'other_id', 'email', 'website', 'phone',
  'dob', 'pob', 'nationality', 'citizenship', 'gender', 'linked_to', 'aka',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** Kinds that name one party exactly, so an equal value is a hit with score 1.0. */
export const EXACT_KINDS: ReadonlySet<IdentifierKind> = new Set([
  'crypto', 'passport', 'national_id', 'tax_id', 'registration', 'other_id', 'email', 'website', 'phone',
]);

/** One typed fact parsed out of an SDN entry's remarks. */
export type RemarkItem = {
  kind: IdentifierKind;
  /** The label as written ("Passport", "Tax ID No.", "Digital Currency Address - ETH"). */
  label: string;
  value: string;
  /** Chain of a digital-currency address (XBT, ETH, USDT, …). */
  chain: string | null;
  /** Issuing country of a document, in OFAC's wording ("Korea, North"). */
  country: string | null;
  /** Text after the value (issue and expiry dates, …). */
  detail: string | null;
};

export type ParsedRemarks = { items: RemarkItem[]; notes: string[] };

/** OFAC's SDN list, or its Consolidated (non-SDN) list. */
export type ListName = 'SDN' | 'CONS';

export type ListVersion = {
  id: number;
  list: ListName;
  published: string;
  publishedSource: 'entered' | 'file-date';
  importedAt: string;
  importedBy: string;
  /** SHA-256 of each file (for the Consolidated list, `sdn` is cons_prim.csv's). */
  files: { sdn: string; alt: string | null; add: string | null; comments: string | null };
  entries: number;
  aliases: number;
  addresses: number;
  identifiers: number;
  orphans: { alt: number; add: number; comments: number };
};

export type Orphan = { file: 'alt' | 'add' | 'comments'; line: number; entNum: number; refNum: number; text: string };

export type ImportResult = Omit<ListVersion, 'id'> & {
  version: number;
  /** Which alt/add/comments rows named an ent_num absent from sdn.csv (at most 500 listed). */
  orphanList: Orphan[];
};

export type Hit = {
  /** The list the entry is on. */
  list: ListName;
  ent_num: number;
  /** The entry's primary name. */
  name: string;
  type: SdnType;
  programs: string[];
  /** The listed name or identifier that matched. */
  matched: string;
  matchedKind: 'primary' | 'aka' | 'fka' | 'nka' | 'identifier';
  score: number;
  /** Each rule that applied, in plain words. */
  why: string;
  /** The measures behind a name score (algorithm names and figures), for a reviewer who asks; absent for identifiers. */
  whyDetails?: string;
};

export type VersionRef = { id: number; published: string; list: ListName };

/** `version` is the version asked for (else the latest SDN one); `versions` every list version screened (SDN and Consolidated). */
export type ScreenResult = { version: VersionRef; versions: VersionRef[]; query: string; threshold: number; hits: Hit[] };

export type BatchRow = {
  row: number;
  ref: string;
  name: string;
  identifiers: string[];
  hits: Hit[];
};

export type BatchResult = {
  version: VersionRef;
  versions: VersionRef[];
  threshold: number;
  rows: number;
  rowsWithHits: number;
  results: BatchRow[];
  out: string | null;
};

export type EntryDetail = {
  version: VersionRef;
  ent_num: number;
  name: string;
  type: SdnType;
  programs: string[];
  title: string | null;
  remarks: string | null;
  names: { name: string; kind: string }[];
  identifiers: RemarkItem[];
  addresses: { address: string | null; city: string | null; country: string | null }[];
};

export type SanctionsSettings = { threshold: number };

export const HIT_STATUSES = ['open', 'confirmed', 'dismissed'] as const;
export type HitStatus = (typeof HIT_STATUSES)[number];

/** A hit found while screening a case, with the officer's decision on it. */
export type CaseHit = Hit & {
  id: number;
  screeningId: number;
  queryKind: 'name' | 'identifier';
  /** The subject name or identifier value that was screened. */
  query: string;
  /** Where the query came from ("subject Jane Roe", "identifier wallet 0x…"). */
  source: string;
  /** Not seen in this case's earlier screenings. */
  isNew: boolean;
  status: HitStatus;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
};

export type CaseScreening = {
  id: number;
  caseNumber: string;
  version: VersionRef;
  /** The Consolidated (non-SDN) list version screened beside it, if one was imported. */
  consolidated: VersionRef | null;
  trigger: 'manual' | 'new_version';
  threshold: number;
  queries: { kind: 'name' | 'identifier'; value: string; source: string; /** The subject's nationality, compared with each hit's listed nationality. */ nationality?: string | undefined }[];
  /** The exhibit holding this screening's record (list version, queries, hits, who, when). */
  exhibit: string;
  createdBy: string;
  createdAt: string;
  hits: CaseHit[];
};

export type RescreenResult = { version: VersionRef; cases: { caseNumber: string; screening: number; hits: number; newHits: number }[] };

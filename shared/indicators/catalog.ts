import { sourceRef, type SourceKey, type SourceRef } from './sources.ts';

export const CATEGORIES = {
  ID: 'Identity',
  CM: 'Communication and interview',
  NA: 'Network access',
  EQ: 'Equipment',
  PY: 'Payment',
  WP: 'Work pattern',
  EN: 'Sanctioned counterparties',
} as const;
export type Category = keyof typeof CATEGORIES;

export type Indicator = {
  id: string;
  category: Category;
  title: string;
  description: string;
  /** Points the indicator adds to the risk score when present (see score.ts). */
  weight: number;
  sources: SourceRef[];
  /** True when records can show it without judgement (a detector or a screening serves it). */
  checkable: boolean;
};

type Def = [id: string, title: string, description: string, weight: number, sources: SourceKey[], checkable?: boolean];

// Weights: a sanctioned counterparty alone makes a case critical; signs that someone other than
// the hired person does the work weigh most among the rest; habits with innocent explanations least.
const DEFS: Def[] = [
  ['ID-01', 'Identity details inconsistent', 'Name spelling, nationality, claimed location, contact details, education or work history differ between profiles, documents and payment accounts.', 10, ['A22']],
  ['ID-02', 'Biography does not fit the person', 'The biographical information given does not match the person met or seen.', 10, ['A22']],
  ['ID-03', 'Thin or template-like online presence', 'Simple portfolio sites and sparse profiles that look made from a template.', 5, ['A22']],
  ['ID-04', 'Profiles contradict the résumé', 'Online profiles do not match the résumé, or one identity has several profiles with different photos.', 10, ['P23']],
  ['ID-05', 'Poor or altered identity documents', 'Low-quality or altered identity documents; accounts opened through websites that no longer exist.', 20, ['A22']],
  ['ID-06', 'Prefers Korean', 'Prefers Korean while claiming to come from a country where Korean is not spoken.', 10, ['P23']],
  ['ID-07', 'Details reused by other applicants', 'The same résumé text, phone numbers (especially VoIP) or e-mail addresses appear under different applicants.', 20, ['P25'], true],
  ['ID-08', 'Face-swap or altered video', 'Signs of AI face-swapping or altered video during interviews.', 30, ['P25']],
  ['ID-09', 'Borrows other people’s details', 'Asks colleagues to lend their personal details to obtain other contracts.', 15, ['A22']],
  ['ID-10', 'Payment account in another name', 'Platform or payment account shut down; asks to be paid through another account, especially one in another name.', 20, ['A22']],
  ['ID-11', 'Poses as South Korean or American', 'Claims to be South Korean, American or European while records, language or location point elsewhere (these workers mostly pose as South Korean or U.S. nationals).', 15, ['A22', 'FBI22']],
  ['CM-01', 'Avoids the camera', 'Unwilling or unable to appear on camera (refuses video calls); time, location or appearance inconsistent when they do.', 15, ['A22', 'P23']],
  ['CM-02', 'Avoids drug tests and meetings', 'Undue concern about drug tests or in-person meetings, or cannot attend them.', 10, ['P23']],
  ['CM-03', 'Assisted answers in tests', 'Long pauses, eye movements as if reading, and wrong but plausible answers in technical tests.', 10, ['P23']],
  ['CM-04', 'Moves off the platform', 'Asks to move communication off the platform where they were found.', 5, ['A22']],
  ['CM-05', 'Unsolicited “executive” contact', 'Unsolicited contact from people claiming to be executives of development firms.', 5, ['A22']],
  ['CM-06', 'Hard to reach', 'Wrong or changing phone numbers and e-mail addresses.', 5, ['A22']],
  ['CM-07', 'Recommends more freelancers', 'Once hired, recommends further freelancers to the company.', 5, ['A22']],
  ['NA-01', 'Logins from many places at once', 'Many logins to one account from different IP addresses in a short time, especially from different countries.', 15, ['A22', 'P25'], true],
  ['NA-02', 'Several accounts from one IP', 'Several accounts logged in from one IP address.', 10, ['A22'], true],
  ['NA-03', 'Logged in for a day or more', 'Logged in continuously for a day or more.', 5, ['A22'], true],
  ['NA-04', 'Remote desktop, VPN or VPS', 'Remote-desktop configuration (e.g. port 3389), VPN or VPS use that is not company practice.', 10, ['A22'], true],
  ['NA-05', 'Remote-access tools or IP-KVM', 'Remote-access software or IP-KVM devices on company laptops.', 25, ['P24']],
  ['NA-06', 'Code or credentials taken off company systems', 'Company code copied to personal repositories or cloud accounts; session cookies or credentials used from non-company devices.', 15, ['P25']],
  ['NA-07', 'Extortion after discovery', 'Demands payment not to release stolen data or code after being discovered.', 30, ['P25']],
  ['NA-08', 'Logins from outside the claimed location', 'Activity from a country other than the claimed location, especially China or Russia (where most of these workers are based; fewer in South-East Asia and Africa), while claiming to be South Korean, American or European.', 20, ['A22', 'FBI22'], true],
  ['EQ-01', 'Equipment to another address', 'Asks to ship the laptop or documents to an address other than the one on the ID.', 15, ['A22']],
  ['EQ-02', 'Laptop farm', 'Company laptops received or re-shipped by a third party; frequent address changes.', 25, ['P24']],
  ['PY-01', 'Wants virtual currency', 'Asks to be paid in virtual currency.', 10, ['A22'], true],
  ['PY-02', 'China-linked payments', 'China-linked payment services; frequent transfers to bank accounts in China, sometimes routed through companies.', 20, ['A22'], true],
  ['PY-03', 'Self-rating through a shared payment account', 'A client account and the developer account share one payment account.', 10, ['A22']],
  ['PY-04', 'Paid without milestones', 'Asks to be paid without meeting milestones or check-ins.', 5, ['A22']],
  ['PY-05', 'Presses for prepayment', 'Repeated requests for prepayment; anger when refused.', 5, ['P23']],
  ['PY-06', 'Small unauthorised charges', 'Small unauthorised charges, repeated (one reported case: over USD 50,000 in 30 instalments).', 10, ['A22']],
  ['PY-07', 'Counterparty on the SDN list', "A counterparty's crypto address or identifier is on OFAC's SDN list.", 75, ['T23', 'SDN'], true],
  ['WP-01', 'Hours do not fit the claimed time zone', 'Cannot work during the business hours the role requires; activity hours do not fit the claimed time zone.', 15, ['A22'], true],
  ['WP-02', 'Shared bid templates', 'The same bid or message templates across different developer accounts.', 10, ['A22']],
  ['WP-03', 'Quick high ratings from one client', 'One client gives many developer accounts high ratings quickly.', 10, ['A22']],
  ['WP-04', 'Heavy bidding, few wins', 'Heavy bidding with few accepted bids.', 5, ['A22']],
  ['WP-05', 'Worker is not the interviewee', 'The person doing the work is not the person who was interviewed.', 30, ['P25']],
  ['EN-01', 'Dealings with listed fronts or persons', 'Yanbian Silverstar / Volasys Silver Star and Jong Song Hwa; Chinyong IT Cooperation Co. and Kim Sang Man; Alis LLC, Pioneer Bencont Star; Department 53 fronts.', 75, ['T18', 'T23', 'T25'], true],
];

const build = (defs: Def[]): Indicator[] =>
  defs.map(([id, title, description, weight, sources, checkable]) => ({
    id,
    category: id.slice(0, 2) as Category,
    title,
    description,
    weight,
    sources: sources.map(sourceRef),
    checkable: checkable ?? false,
  }));

// Catalog 1 is the checklist as the guidance stood in May 2024 (A22, P23, P24); catalog 2 adds
// what the January 2025 publications (P25, T25, FBI 2025) brought; catalog 3 adds the claimed
// location (NA-08) and posing as South Korean (ID-11), cites A22 for CM-01 (it names refusing video
// calls) and P25 for WP-05. Cases keep the version they were opened with until an officer upgrades them.
const ADDED_IN_3 = new Set(['NA-08', 'ID-11']);
const AS_IN_2: Record<string, Pick<Indicator, 'description'> & { sources: SourceKey[] }> = {
  'CM-01': { description: 'Unwilling or unable to appear on camera; time, location or appearance inconsistent when they do.', sources: ['P23'] },
  'WP-05': { description: 'The person doing the work is not the person who was interviewed.', sources: ['FBI25'] },
};
const ADDED_IN_2 = new Set(['ID-07', 'ID-08', 'NA-06', 'NA-07', 'WP-05']);
const SOURCES_IN_1: Record<string, SourceKey[]> = { 'NA-01': ['A22'], 'EN-01': ['T18', 'T23'] };

const CURRENT = build(DEFS);
const DEFS_2 = DEFS.filter(([id]) => !ADDED_IN_3.has(id)).map(([id, t, d, w, s, c]): Def => [id, t, AS_IN_2[id]?.description ?? d, w, AS_IN_2[id]?.sources ?? s, c]);
const V2 = build(DEFS_2);
const V1 = build(
  DEFS_2.filter(([id]) => !ADDED_IN_2.has(id)).map(([id, t, d, w, s, c]): Def => [id, t, d, w, SOURCES_IN_1[id] ?? s, c]),
);

export const CATALOGS: Record<number, { version: number; date: string; indicators: Indicator[] }> = {
  1: { version: 1, date: '2024-05-16', indicators: V1 },
  2: { version: 2, date: '2025-01-23', indicators: V2 },
  3: { version: 3, date: '2026-12-02', indicators: CURRENT },
};

export const CATALOG_VERSION = 3;
export const INDICATORS: Indicator[] = CURRENT;

export function catalog(version: number = CATALOG_VERSION): Indicator[] {
  const c = CATALOGS[version];
  if (!c) throw new Error(`unknown indicator catalog version ${version}`);
  return c.indicators;
}

export const indicatorById = (id: string, version: number = CATALOG_VERSION): Indicator | undefined =>
  catalog(version).find((i) => i.id === id);

export type CatalogChange =
  | { kind: 'added'; indicator: Indicator }
  | { kind: 'removed'; indicator: Indicator }
  | { kind: 'changed'; indicator: Indicator; fields: ('title' | 'description' | 'weight' | 'sources')[] };

/** What an upgrade from one catalog version to another changes, indicator by indicator. */
export function catalogDiff(from: number, to: number): CatalogChange[] {
  const a = new Map(catalog(from).map((i) => [i.id, i]));
  const b = new Map(catalog(to).map((i) => [i.id, i]));
  const out: CatalogChange[] = [];
  for (const [id, ind] of b) {
    const old = a.get(id);
    if (!old) {
      out.push({ kind: 'added', indicator: ind });
      continue;
    }
    const fields = (['title', 'description', 'weight', 'sources'] as const).filter((f) => JSON.stringify(old[f]) !== JSON.stringify(ind[f]));
    if (fields.length) out.push({ kind: 'changed', indicator: ind, fields: [...fields] });
  }
  for (const [id, ind] of a) if (!b.has(id)) out.push({ kind: 'removed', indicator: ind });
  return out;
}

/**
 * Name normalisation for sanctions screening. Pure: runs in the core (index and query) and could
 * run in the renderer. Both sides of a comparison go through the same steps, so a rule added here
 * widens matching symmetrically.
 */

/**
 * Korean surname and syllable romanisations seen on the SDN list and in HR data. Each group maps
 * to one canonical spelling; McCune-Reischauer (the list's usual system), Revised Romanisation and
 * common passport spellings fall in the same group.
 */
const ROMANISATION_GROUPS: readonly (readonly string[])[] = [
  ['jong', 'chong', 'jung', 'chung', 'jeong', 'cheong'],
  ['ri', 'lee', 'yi', 'rhee', 'li', 'rhie', 'rie', 'yee'],
  ['pak', 'park', 'bak', 'bahk', 'pahk'],
  ['choe', 'choi', 'chwe', 'choy', 'chey'],
  ['kim', 'gim', 'ghim'],
  ['o', 'oh'],
  ['ryu', 'yu', 'yoo', 'you', 'ryoo'],
  ['ro', 'no', 'roh', 'noh'],
  ['kang', 'gang'],
  ['ko', 'go', 'koh'],
  ['kwon', 'gwon'],
  ['han', 'hahn'],
  ['sin', 'shin'],
  ['son', 'sohn'],
  ['so', 'seo', 'suh'],
  ['song', 'seong', 'sung'],
  ['chol', 'cheol', 'chul'],
  ['kyong', 'kyung', 'gyeong', 'kyeong'],
  ['hyon', 'hyun', 'hyeon'],
  ['yong', 'yeong', 'young'],
  ['jon', 'chon', 'jun', 'chun', 'jeon', 'cheon'],
  ['mun', 'moon'],
  ['im', 'lim', 'rim'],
  ['ryang', 'yang'],
  ['ju', 'chu', 'joo'],
  ['cho', 'jo'],
  ['chang', 'jang'],
  ['hwang', 'whang'],
  ['kwang', 'gwang'],
  ['myong', 'myung', 'myeong'],
  ['sok', 'seok', 'suk'],
  ['dok', 'tok', 'deok', 'duk'],
  ['u', 'woo', 'wu'],
];

const ROMANISATION = new Map<string, string>();
for (const group of ROMANISATION_GROUPS) for (const v of group) ROMANISATION.set(v, group[0]!);

/** The canonical spelling of one token (itself when no romanisation group holds it). */
export const canonicalToken = (t: string): string => ROMANISATION.get(t) ?? t;

/**
 * Legal-form and filler words that say nothing about which company it is. Dropped from both sides,
 * so "Chinyong IT Cooperation Co., Ltd." and "CHINYONG IT COOPERATION COMPANY" compare alike.
 */
export const COMPANY_WORDS: ReadonlySet<string> = new Set([
  'co', 'company', 'companies', 'corp', 'corporation', 'inc', 'incorporated', 'ltd', 'limited', 'llc', 'llp', 'lp', 'plc',
  'liability', 'gmbh', 'ag', 'sa', 'sarl', 'sas', 'srl', 'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'kg',
  'jsc', 'ojsc', 'cjsc', 'pjsc', 'pao', 'oao', 'zao', 'ooo', 'tov', 'joint', 'stock', 'open', 'closed', 'public',
  'pte', 'pty', 'sdn', 'bhd', 'fze', 'fzco', 'fzc', 'dmcc', 'the', 'and', 'of',
]);

/** Abbreviations expanded before comparison, each for a phrase that lists spell out. */
const ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ['it', ['information', 'technology']],
  ['intl', ['international']],
  ['tech', ['technology']],
  ['mfg', ['manufacturing']],
]);

const PLAIN = /^[A-Za-z0-9 ,.-]*$/;

/** Lower case, accents removed (é → e, ß → ss), every run of non-letters and non-digits a space. */
export function foldText(s: string): string {
  // Most listed names are plain ASCII: skip Unicode decomposition for them (the import folds ~36,000).
  if (PLAIN.test(s)) return s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/œ/g, 'oe')
    .replace(/ł/g, 'l')
    .replace(/đ/g, 'd')
    .replace(/ı/g, 'i')
    // An apostrophe joins (O'Brien → obrien); any other punctuation separates.
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export type NameToken = {
  /** The folded token as written. */
  raw: string;
  /** After romanisation. */
  canon: string;
};

export type NormalisedName = {
  tokens: NameToken[];
  /** Company words that were dropped (for the `why`). */
  dropped: string[];
  /** Abbreviations that were expanded (for the `why`). */
  expanded: string[];
  /** "SURNAME, Given Names" was written with the surname first. */
  surnameFirst: boolean;
};

/**
 * Splits a name into comparable tokens. Company words are dropped unless nothing else remains
 * (a company called "Limited" is still screened by its name). A caller that has already folded the
 * name (foldText) passes it to save folding it twice.
 */
export function normaliseName(name: string, foldedName: string = foldText(name)): NormalisedName {
  const surnameFirst = /^[^,]+,\s*\S/.test(name.trim());
  const folded = foldedName.split(' ').filter(Boolean);
  const dropped: string[] = [];
  const expanded: string[] = [];
  let kept: string[] = [];
  for (const t of folded) {
    if (COMPANY_WORDS.has(t)) dropped.push(t);
    else kept.push(t);
  }
  if (kept.length === 0) {
    kept = folded;
    dropped.length = 0;
  }
  const words: string[] = [];
  for (const t of kept) {
    const exp = kept.length > 1 ? ABBREVIATIONS.get(t) : undefined;
    if (exp) {
      expanded.push(t);
      words.push(...exp);
    } else words.push(t);
  }
  return { tokens: words.map((raw) => ({ raw, canon: canonicalToken(raw) })), dropped, expanded, surnameFirst };
}

/** The canonical tokens of a name, in order. */
export const nameKeys = (name: string): string[] => normaliseName(name).tokens.map((t) => t.canon);

/**
 * Tokens under which a name is filed in the index: each canonical token and, for a person, the
 * given names joined ("KIM, Sang Man" → "sangman"), so that a query written either way finds it.
 */
export function indexTokens(name: string, individual: boolean, folded?: string): string[] {
  const n = normaliseName(name, folded);
  const keys = n.tokens.map((t) => t.canon);
  const out = new Set(keys);
  if (individual && keys.length >= 2) {
    if (n.surnameFirst && keys.length >= 3) out.add(keys.slice(1).join(''));
    for (let i = 0; i + 1 < keys.length; i++) out.add(keys[i]! + keys[i + 1]!);
  }
  return [...out].filter((t) => t.length > 0);
}

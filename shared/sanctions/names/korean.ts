/**
 * Korean names at the syllable level. A Korean name is written on the SDN list in McCune–Reischauer
 * (CHO'N, Yo'n Ku'n), in Revised Romanization (Jeon Yeon Geun), in common passport spellings (Chun,
 * Park, Lee) and with the given name joined, hyphenated or split (Sangman, Sang-man, Sang Man).
 * Every form is cut into syllables and each syllable reduced to one key:
 *  - apostrophes and breves are gone before this (folding: Cho'n → chon, ŏ → o);
 *  - vowels: eo/ŏ/o/u/oo → o, eu/ŭ → o, ae/e → e, ee/i → i, oi/oe → oe;
 *  - consonants: ch/j/tch/jj → j, k/g/kk → k, t/d/tt → t, p/b/pp → p, s/sh/ss → s, l/r → r;
 *  - a syllable's initial r, l or n before i or y falls away, and y before i (Ri/Li/Yi/I, Rim/Lim/Im, Ryu/Yu);
 *  - a trailing h after a vowel is dropped (Oh, Hahn).
 * Family names with customary spellings outside these rules (Park, Choi, Lee, Rhee, Roh, Kang/Gang)
 * reduce through the same rules or through FAMILY_VARIANTS. A short syllable is never dropped: O, Ri
 * and Yu are whole family names.
 */

/** Family-name spellings that the syllable rules do not bring together on their own. */
const FAMILY_VARIANTS: readonly (readonly string[])[] = [
  ['pak', 'park', 'bak', 'bahk', 'pahk'],
  ['choe', 'choi', 'chwe', 'choy', 'chey', 'chae'],
  ['ri', 'lee', 'yi', 'rhee', 'li', 'rhie', 'rie', 'yee', 'i', 'ree'],
  ['ro', 'no', 'roh', 'noh'],
  ['o', 'oh'],
  ['u', 'woo', 'wu'],
  ['ku', 'koo', 'gu'],
  ['an', 'ahn'],
  ['mun', 'moon'],
  ['yun', 'yoon'],
  ['ju', 'joo', 'chu'],
  ['sim', 'shim'],
  ['so', 'seo', 'suh'],
  ['ho', 'heo', 'hur', 'huh'],
  ['pae', 'bae'],
  ['paek', 'baek', 'paik', 'baik'],
  ['chon', 'jeon', 'jun', 'chun', 'jon', 'cheon'],
  ['han', 'hahn'],
  ['yu', 'ryu', 'yoo', 'you', 'ryoo'],
  ['kim', 'gim', 'ghim'],
  ['kwak', 'gwak'],
  ['um', 'eom', 'om'],
];

/** Common family names (one spelling each; variants reach them through the key). */
const FAMILY_NAMES = [
  'kim', 'ri', 'pak', 'choe', 'jong', 'kang', 'cho', 'yun', 'jang', 'im', 'han', 'o', 'so', 'sin', 'kwon', 'hwang', 'an', 'song',
  'jon', 'hong', 'ko', 'mun', 'yang', 'ryang', 'son', 'pae', 'paek', 'ho', 'yu', 'nam', 'sim', 'ro', 'ha', 'kwak', 'song', 'cha',
  'ju', 'u', 'ku', 'min', 'jin', 'na', 'ji', 'um', 'chae', 'won', 'pyon', 'pang', 'hyon', 'ham', 'yom', 'yo', 'tak', 'kil', 'chu',
  'ok', 'sok', 'pyo', 'myong', 'ki', 'ma', 'to', 'ye', 'kye', 'hyun', 'rim', 'ryu', 'ryom', 'ryo', 'kong', 'chon', 'chong', 'chang',
];

const ONSET = '(?:tch|kk|tt|pp|ss|jj|ch|sh|rh|th|kh|ph|k|g|n|d|t|r|l|m|b|p|s|j|h)';
const VOWEL = '(?:yae|yeo|yeu|you|ye|ya|yo|yu|yi|ou|wae|weo|wa|wo|we|wi|ae|eo|eu|oe|oi|ui|oo|ee|ai|ay|oy|a|e|i|o|u|w)';
const CODA = '(?:ng|k|g|n|t|d|l|r|m|p|b|h|s)';
const ONE_SYLLABLE = new RegExp(`^${ONSET}?${VOWEL}${CODA}?$`);

/** A vowel-initial "w" alone is not a syllable; w only leads a vowel (wa, wo, we, wi). */
const valid = (s: string) => ONE_SYLLABLE.test(s) && !/^w$/.test(s) && !/^[^aeiouw]*w$/.test(s);

/**
 * Cuts a folded token into romanised Korean syllables (at most four), or returns null when it
 * cannot be read as Korean. Fewest syllables win; on a tie, the reading in which syllables start
 * with a consonant (jon-gun, not jong-un), as Korean romanisation hyphenates to mark the other.
 */
export function syllables(token: string): string[] | null {
  let r = SPLITS.get(token);
  if (r === undefined) {
    if (SPLITS.size > 200_000) SPLITS.clear();
    SPLITS.set(token, (r = split(token)));
  }
  return r;
}

/** Token → its syllables (or null), kept across calls: listed names repeat their words. */
const SPLITS = new Map<string, string[] | null>();

function split(token: string): string[] | null {
  if (token.length === 0 || token.length > 14 || !/^[a-z]+$/.test(token)) return null;
  if (FAMILY_KEY.has(token) || valid(token)) return [token];
  const n = token.length;
  // best[i] = [cost, split] for token.slice(i)
  const best: ([number, string[]] | null)[] = new Array(n + 1).fill(null);
  best[n] = [0, []];
  for (let i = n - 1; i >= 0; i--) {
    let b: [number, string[]] | null = null;
    for (let j = i + 1; j <= Math.min(n, i + 6); j++) {
      const s = token.slice(i, j);
      const rest = best[j];
      if (!rest || !valid(s)) continue;
      const cost = rest[0] + 10 + (i > 0 && /^[aeiouwy]/.test(s) ? 1 : 0);
      if (!b || cost < b[0]) b = [cost, [s, ...rest[1]]];
    }
    best[i] = b;
  }
  const r = best[0];
  return r && r[1].length <= 4 ? r[1] : null;
}

/** The comparison key of one romanised Korean syllable (see the module comment for the rules). */
export function syllableKey(syllable: string): string {
  const fam = FAMILY_KEY.get(syllable);
  if (fam) return fam;
  let k = RULE_KEYS.get(syllable);
  if (k === undefined) {
    if (RULE_KEYS.size > 100_000) RULE_KEYS.clear();
    RULE_KEYS.set(syllable, (k = ruleKey(syllable)));
  }
  return k;
}

const RULE_KEYS = new Map<string, string>();

function ruleKey(syllable: string): string {
  let s = syllable;
  s = s.replace(/^rh/, 'r').replace(/^gh/, 'g');
  s = s.replace(/ng$/, 'N');
  s = s.replace(/([aeiou])h$/, '$1').replace(/hn$/, 'n');
  s = s.replace(/ui/g, 'i').replace(/eo|eu|oo|ou|u/g, 'o');
  s = s.replace(/ae|ai|ay/g, 'e').replace(/ee/g, 'i').replace(/oi|oy/g, 'oe');
  s = s.replace(/tch|jj|ch/g, 'j').replace(/kk|kh|g/g, 'k').replace(/tt|th|d/g, 't').replace(/pp|ph|b/g, 'p').replace(/ss|sh/g, 's').replace(/l/g, 'r');
  s = s.replace(/^[rn](?=[iy])/, '').replace(/^y(?=i)/, '');
  return s.replace(/N/g, 'ng');
}

const FAMILY_KEY: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const group of FAMILY_VARIANTS) {
    const key = ruleKey(group[0]!);
    for (const v of group) m.set(v, key);
  }
  return m;
})();

const FAMILY_KEYS: ReadonlySet<string> = new Set([...FAMILY_NAMES.map(syllableKey), ...FAMILY_KEY.values()]);

/** Whether a folded token is a Korean family name in one of its spellings. */
export const isKoreanFamilyName = (token: string): boolean => FAMILY_KEYS.has(syllableKey(token)) && syllables(token)?.length === 1;

/**
 * Turns a name as written (any script) into classified tokens the scorer compares. Pure: no
 * database, no I/O; the same steps run for a listed name at import and for a query.
 *
 * Steps: Unicode NFKC; every script transliterated to Latin (any-ascii, a maintained library; Hangul
 * comes out syllable by syllable in Revised Romanization, which the Korean rules then read); case,
 * accents and punctuation folded (an apostrophe joins: CHO'N → chon); "&" read as "and"; number words
 * read as numbers; legal forms, titles and connecting words recognised; a Korean name cut into
 * syllables with one key each.
 */
import anyAscii from 'any-ascii';
import { isKoreanFamilyName, syllableKey, syllables } from './korean.ts';
import { AMBIGUOUS_LEGAL, GENERIC_BUSINESS, LEGAL_PHRASES, LEGAL_WORDS, NUMBER_SCALES, NUMBER_WORDS, STOPWORDS, TITLES } from './lexicon.ts';

export type TokenKind = 'word' | 'generic' | 'initial' | 'number' | 'legal' | 'title' | 'stop';

export type Token = {
  /** As written after folding (for the explanation). */
  text: string;
  /** The comparison key: a spelling key for words, the digits for numbers, the class for legal forms, the syllable key in a Korean name. */
  key: string;
  kind: TokenKind;
  /** Written in a script without short vowels (Arabic, Hebrew, Syriac, Thaana): compared by consonants. */
  abjad: boolean;
};

export type NameKind = 'person' | 'entity';

export type Name = {
  original: string;
  tokens: Token[];
  /** Read as a Korean name (cut into syllables, keyed by the Korean rules). */
  korean: boolean;
  /** The script the name was written in, when not Latin ("Hangul", "Cyrillic", …), for the explanation. */
  script: string | null;
  /** Person or entity as given, or as guessed from the words (a legal form or business word makes an entity). */
  kind: NameKind;
  /** Legal-form classes found (empty when none). */
  legal: string[];
};

const SCRIPTS: [RegExp, string][] = [
  [/\p{Script=Hangul}/u, 'Hangul'],
  [/\p{Script=Cyrillic}/u, 'Cyrillic'],
  [/\p{Script=Arabic}/u, 'Arabic'],
  [/\p{Script=Hebrew}/u, 'Hebrew'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'Japanese kana'],
  [/\p{Script=Han}/u, 'Chinese characters'],
  [/\p{Script=Greek}/u, 'Greek'],
  [/\p{Script=Armenian}/u, 'Armenian'],
  [/\p{Script=Georgian}/u, 'Georgian'],
  [/\p{Script=Thai}/u, 'Thai'],
  [/\p{Script=Devanagari}/u, 'Devanagari'],
  [/\p{Script=Syriac}/u, 'Syriac'],
  [/\p{Script=Thaana}/u, 'Thaana'],
];
const ABJAD = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;
const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
/** Particles as an abjad transliteration writes them (bin, ibn, ben → bn). */
const ABJAD_PARTICLES: ReadonlyMap<string, string> = new Map([['bn', 'bin'], ['bnt', 'bint'], ['l', 'al'], ['bw', 'abu']]);
/** Spellings of one particle. */
const STOP_KEYS: ReadonlyMap<string, string> = new Map([['ibn', 'bin'], ['ben', 'bin'], ['el', 'al'], ['ul', 'al']]);
const PLAIN = /^[A-Za-z0-9 ,.'-]*$/;

/** One word of a mixed-script name, transliterated, with whether it came from an abjad. */
type Piece = { latin: string; abjad: boolean; hangul: boolean; han: boolean };

/** Transliterates a name to Latin word by word (each word keeps whether its script writes short vowels). */
function transliterate(name: string): Piece[] {
  const out: Piece[] = [];
  for (const word of name.split(/\s+/)) {
    if (!word) continue;
    if (!NON_LATIN.test(word)) {
      out.push({ latin: word, abjad: false, hangul: false, han: false });
      continue;
    }
    const hangul = /\p{Script=Hangul}/u.test(word);
    const han = /\p{Script=Han}/u.test(word);
    // any-ascii writes each Hangul syllable and each Chinese character capitalised (GimSangMan,
    // XiJinPing): the capitals mark the syllables, which become separate words.
    let latin = anyAscii(word);
    if (hangul || han) latin = latin.replace(/([a-z])(?=[A-Z])/g, '$1 ');
    if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(word)) latin = kanaHepburn(latin, /[ゃゅょャュョ]/.test(word));
    out.push({ latin, abjad: ABJAD.test(word), hangul, han });
  }
  return out;
}

/**
 * Brings any-ascii's kana reading to common Hepburn, as Japanese names are written in passports: a
 * small ya/yu/yo joins the syllable before it (shi+yo → sho, ki+yo → kyo), and long vowels are
 * written once (ou, oo → o; uu → u): ショウヘイ → shohei, オオタニ → otani.
 */
function kanaHepburn(latin: string, smallKana: boolean): string {
  let s = latin.toLowerCase();
  if (smallKana) s = s.replace(/(sh|ch|j)iy([aou])/g, '$1$2').replace(/([kgnhbpmr])iy([aou])/g, '$1y$2');
  return s.replace(/ou|oo/g, 'o').replace(/uu/g, 'u');
}

/** Lower case, accents removed, "&" → and, apostrophes dropped, other punctuation a space. */
export function fold(s: string): string {
  if (PLAIN.test(s)) return s.toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss').replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/œ/g, 'oe').replace(/ł/g, 'l').replace(/đ/g, 'd').replace(/ı/g, 'i').replace(/þ/g, 'th')
    .replace(/&/g, ' and ')
    .replace(/['’‘`´ʼʻʿʾ]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A spelling key for a Latin word: letters that transliterations and spellings swap are made one
 * (ph/f, ck/q/k, x/ks, w/v, kh/h, y/i, ou/oo/u, ee/i, dzh/j, zh/j, doubled letters) so that
 * Rosoboroneksport/Rosoboronexport or Yevgeny/Evgeniy differ less. Equal keys are a spelling variant.
 */
export function spellingKey(w: string): string {
  let k = KEYS.get(w);
  if (k === undefined) {
    if (KEYS.size > 200_000) KEYS.clear();
    KEYS.set(w, (k = computeSpellingKey(w)));
  }
  return k;
}

/** Word → spelling key, kept across calls (listed names repeat their words thousands of times). */
const KEYS = new Map<string, string>();

function computeSpellingKey(w: string): string {
  if (/^\d+$/.test(w)) return w;
  let s = w
    .replace(/ph/g, 'f').replace(/ck/g, 'k').replace(/q/g, 'k').replace(/x/g, 'ks').replace(/w/g, 'v').replace(/kh/g, 'h')
    .replace(/dzh|dj|zh/g, 'j').replace(/tch/g, 'ch').replace(/sch/g, 'sh').replace(/ou|oo/g, 'u').replace(/ee/g, 'i')
    .replace(/oh(?=[^aeiouy])/g, 'o').replace(/y/g, 'i').replace(/z/g, 's').replace(/c(?=[aou])/g, 'k').replace(/ie$/g, 'i').replace(/ii/g, 'i');
  s = s.replace(/(.)\1+/g, '$1');
  if (s.length > 3) s = s.replace(/h$/, '');
  return s;
}

/** The consonant skeleton used to compare a name written in an abjad with its Latin spelling. */
export function skeleton(w: string): string {
  let k = SKELETONS.get(w);
  if (k === undefined) {
    if (SKELETONS.size > 200_000) SKELETONS.clear();
    SKELETONS.set(w, (k = computeSkeleton(w)));
  }
  return k;
}

const SKELETONS = new Map<string, string>();

function computeSkeleton(w: string): string {
  const s = w
    .replace(/kh|ch|q|c/g, 'k').replace(/dh|z/g, 'z').replace(/th/g, 's').replace(/v/g, 'b').replace(/ph/g, 'f')
    .replace(/[aeiouyw]/g, '').replace(/(.)\1+/g, '$1');
  return s.length ? s : w.slice(0, 1);
}

/**
 * The skeletons under which a word written in an abjad may appear in Latin: as read, without the
 * article al- (written l at the start), and without a final h (the feminine ending, ة).
 */
export function abjadSkeletons(w: string): string[] {
  const s = skeleton(w);
  const out = new Set([s]);
  if (s.length > 2 && s.startsWith('l')) out.add(s.slice(1));
  for (const x of [...out]) if (x.length > 2 && x.endsWith('h')) out.add(x.slice(0, -1));
  return [...out];
}

/** Reads a run of number words ("forty four", "one hundred and five", "first") as one number, or null. */
function readNumber(words: string[], i: number): { value: number; used: number } | null {
  let total = 0;
  let current = 0;
  let used = 0;
  let any = false;
  for (let j = i; j < words.length; j++) {
    const w = words[j]!;
    const n = NUMBER_WORDS.get(w);
    const scale = NUMBER_SCALES.get(w);
    if (n !== undefined) {
      // "twenty one" continues; "one two" does not.
      if (any && n < 10 && current % 10 !== 0) break;
      if (any && n >= 10 && current % 100 !== 0) break;
      current += n;
      any = true;
      used = j - i + 1;
      // An ordinal ends the number ("twenty first").
      if (/(first|second|third|th)$/.test(w)) break;
    } else if (scale !== undefined && any) {
      current = (current || 1) * scale;
      if (scale >= 1000) {
        total += current;
        current = 0;
      }
      used = j - i + 1;
    } else if (w === 'and' && any && j + 1 < words.length && NUMBER_WORDS.has(words[j + 1]!)) {
      continue;
    } else break;
  }
  return any ? { value: total + current, used } : null;
}

/** Abbreviations that company names spell out. */
const ABBREVIATIONS: ReadonlyMap<string, string[]> = new Map([
  ['it', ['information', 'technology']], ['intl', ['international']], ['tech', ['technology']], ['mfg', ['manufacturing']],
  ['natl', ['national']], ['svcs', ['services']], ['bros', ['brothers']], ['assn', ['association']], ['dept', ['department']],
]);

/** Legal-form phrases by their first word, longest first. */
const PHRASES = new Map<string, (readonly [string[], string])[]>();
for (const [p, c] of LEGAL_PHRASES) {
  const words = p.split(' ');
  PHRASES.set(words[0]!, [...(PHRASES.get(words[0]!) ?? []), [words, c] as const].sort((a, b) => b[0].length - a[0].length));
}

/**
 * Normalises a name. `kind` is the party type when known (the list says so; a screening query may);
 * otherwise a legal form or a business word makes it an entity.
 */
export function normaliseName(original: string, kind?: NameKind): Name {
  const nfkc = PLAIN.test(original) ? original : original.normalize('NFKC');
  const script = nfkc === original && PLAIN.test(nfkc) ? null : (SCRIPTS.find(([re]) => re.test(nfkc))?.[1] ?? null);
  const pieces = script ? transliterate(nfkc) : [{ latin: nfkc, abjad: false, hangul: false, han: false }];
  const words: { w: string; abjad: boolean; hangul: boolean }[] = [];
  for (const p of pieces) {
    // "A." and "J.-C." are initials; ordinals written "1st" are numbers.
    const latin = /\d/.test(p.latin) ? p.latin.replace(/\b(\d+)(st|nd|rd|th)\b/gi, '$1') : p.latin;
    for (const w of fold(latin).split(' ')) if (w) words.push({ w, abjad: p.abjad, hangul: p.hangul });
  }
  // Company abbreviations are written out when the name has other words too.
  if (words.length > 1) {
    for (let i = words.length - 1; i >= 0; i--) {
      const exp = ABBREVIATIONS.get(words[i]!.w);
      if (exp) words.splice(i, 1, ...exp.map((w) => ({ ...words[i]!, w })));
    }
  }
  const tokens: Token[] = [];
  const legal: string[] = [];
  const plain = words.map((x) => x.w);
  for (let i = 0; i < words.length; ) {
    const { w, abjad } = words[i]!;
    // Legal-form phrases ("joint stock company", "s a r l").
    const phrase = PHRASES.get(w)?.find(([p]) => p.every((x, k) => plain[i + k] === x) && (p.length > 1 || !AMBIGUOUS_LEGAL.has(p[0]!) || i === 0 || i + p.length === words.length));
    if (phrase && words.length > phrase[0].length) {
      for (const c of phrase[1].split(' ')) {
        legal.push(c);
        tokens.push({ text: phrase[0].join(' '), key: c, kind: 'legal', abjad: false });
      }
      i += phrase[0].length;
      continue;
    }
    const legalClass = LEGAL_WORDS.get(w);
    if (legalClass && words.length > 1 && (!AMBIGUOUS_LEGAL.has(w) || i === 0 || i === words.length - 1)) {
      legal.push(legalClass);
      tokens.push({ text: w, key: legalClass, kind: 'legal', abjad: false });
      i++;
      continue;
    }
    const num = /^\d+$/.test(w) ? { value: Number(w), used: 1 } : NUMBER_WORDS.has(w) ? readNumber(plain, i) : null;
    if (num) {
      tokens.push({ text: plain.slice(i, i + num.used).join(' '), key: String(num.value), kind: 'number', abjad: false });
      i += num.used;
      continue;
    }
    if (abjad && ABJAD_PARTICLES.has(w) && words.length > 1) {
      tokens.push({ text: w, key: ABJAD_PARTICLES.get(w)!, kind: 'stop', abjad });
      i++;
      continue;
    }
    const kindOf: TokenKind = w.length === 1 && /[a-z]/.test(w) ? 'initial' : abjad ? 'word' : TITLES.has(w) && words.length > 1 ? 'title' : STOPWORDS.has(w) && words.length > 1 ? 'stop' : w.length === 1 ? 'initial' : GENERIC_BUSINESS.has(w) ? 'generic' : 'word';
    tokens.push({ text: w, key: abjad ? w : kindOf === 'stop' ? (STOP_KEYS.get(w) ?? w) : spellingKey(w), kind: kindOf, abjad });
    i++;
  }
  const guessed: NameKind = kind ?? (legal.length > 0 || tokens.some((t) => t.kind === 'generic' || t.kind === 'number') ? 'entity' : 'person');
  // Titles are a person's: in a company name "General" or "National" is a word of the name.
  if (guessed === 'entity') for (const t of tokens) if (t.kind === 'title') t.kind = GENERIC_BUSINESS.has(t.text) ? 'generic' : 'word';
  const name: Name = { original, tokens, korean: false, script, kind: guessed, legal: [...new Set(legal)] };
  if (guessed === 'person') readKorean(name, words.some((x) => x.hangul));
  return name;
}

/**
 * Reads a person's name as Korean when it was written in Hangul, or when every word can be read as
 * romanised Korean syllables and one word is a Korean family name; its words are then replaced by
 * their syllables, each keyed by the Korean rules.
 */
function readKorean(name: Name, hangul: boolean): void {
  const words = name.tokens.filter((t) => t.kind === 'word' || t.kind === 'initial' || t.kind === 'stop');
  if (words.length === 0 || words.length > 5) return;
  if (!hangul && !(isKoreanFamilyName(words[0]!.text) || isKoreanFamilyName(words[words.length - 1]!.text))) return;
  // Initials are not Korean syllables, except one that is a one-letter family name (O, I).
  if (words.filter((t) => t.text.length === 1).length > 1) return;
  const split = words.map((t) => syllables(t.text));
  // A family name is one syllable; a given name two (three at most, written together).
  if (split.some((s) => s === null || s.length > 3) || split.filter((s) => s!.length === 3).length > 1) return;
  const total = split.reduce((n, s) => n + s!.length, 0);
  if (total < 2 || total > 6) return;
  if (!hangul && !(isKoreanFamilyName(words[0]!.text) || isKoreanFamilyName(words[words.length - 1]!.text))) return;
  const out: Token[] = [];
  for (const t of name.tokens) {
    const i = words.indexOf(t);
    if (i < 0) {
      out.push(t);
      continue;
    }
    for (const s of split[i]!) out.push({ text: s, key: syllableKey(s), kind: 'word', abjad: false });
  }
  name.tokens = out;
  name.korean = true;
}

/** Potential Korean syllable keys of a word (used to index listed names so that Korean queries find them). */
export function koreanKeys(word: string): string[] | null {
  const s = syllables(word);
  return s ? s.map(syllableKey) : null;
}

/** Index keys begin with this when they hold a consonant skeleton (so that they never meet a word key). */
export const SKELETON_MARK = '~';

/**
 * The keys a listed name is filed under in the screening index: each word's key (Korean syllable
 * keys for a Korean name), adjacent words joined (so "Sang Man" meets "Sangman"), and each word's
 * consonant skeleton (so a name written in Arabic or Hebrew script finds its Latin spelling).
 */
export function indexKeys(name: Name): string[] {
  const out = new Set<string>();
  const sig = name.tokens.filter((t) => t.kind === 'word' || t.kind === 'generic' || t.kind === 'number');
  // Names written in Arabic or Hebrew script are mostly people's: skeletons are filed for persons'
  // words (the index stays small enough for a fast import); companies are found by their word keys.
  const person = name.kind === 'person';
  for (const t of sig) {
    out.add(t.key);
    if (person && !name.korean && t.kind !== 'number' && !t.abjad) {
      const s = skeleton(t.text);
      if (s.length >= 2) out.add(SKELETON_MARK + s);
    }
  }
  if (sig.length <= (person ? 6 : 3)) for (let i = 0; i + 1 < sig.length; i++) out.add(sig[i]!.key + sig[i + 1]!.key);
  return [...out].filter((k) => k.length > 0);
}

/**
 * The keys a query looks up: word keys (looked up with one-edit tolerance by the caller), joined
 * neighbours, and for a word written in an abjad its possible skeletons (looked up exactly).
 */
export function queryKeys(name: Name): { fuzzy: string[]; exact: string[] } {
  const sig = name.tokens.filter((t) => t.kind === 'word' || t.kind === 'generic' || t.kind === 'number' || (t.kind === 'title' && name.tokens.length <= 2));
  const fuzzy = new Set<string>();
  const exact = new Set<string>();
  for (const t of sig) {
    if (t.abjad) for (const s of abjadSkeletons(t.text)) exact.add(SKELETON_MARK + s);
    else fuzzy.add(t.key);
  }
  if (sig.length <= 6) {
    for (let i = 0; i + 1 < sig.length; i++) {
      const [a, b] = [sig[i]!, sig[i + 1]!];
      if (!a.abjad && !b.abjad) exact.add(a.key + b.key);
      // Compound Arabic names written apart (Nasr Allah, Abd al-Rahman) are one word in many Latin spellings.
      else if (a.abjad && b.abjad) exact.add(SKELETON_MARK + skeleton(a.text + b.text));
    }
  }
  return { fuzzy: [...fuzzy], exact: [...exact] };
}

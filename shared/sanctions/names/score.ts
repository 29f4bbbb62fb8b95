/**
 * Scores how likely a screened name (the query) and a listed name are one party, in [0, 1], and
 * says why in plain words. Pure: two normalised names in, a score and its reasons out.
 *
 * 1. Each query word is paired with its best listed word (any order), a word may pair with two or
 *    three adjacent words written together (Sangman ~ Sang Man). A pair's similarity:
 *    same word 1; same word in another spelling or romanisation (Korean syllable rules, spelling
 *    key) 0.95; a short/full form of a given name 0.9; a name written in Arabic or Hebrew script
 *    whose consonants agree 0.92; an initial standing for the name 0.8; a close spelling (string
 *    similarity ≥ 0.88) its similarity. Numbers pair only with the same number, legal forms with
 *    the same form, titles with the same title.
 * 2. The score is the weighted share of both names' words that found a pair (each pair counts its
 *    similarity): a distinctive word weighs 1, an initial 0.6, a common business word 0.5, a legal
 *    form 0.25, a title 0.15, a connecting word 0.1. So every unmatched word costs.
 * 3. When every word of the query pairs (at least two distinctive ones, in the listed order for a
 *    company) and the listed name only has more words (REAL ESTATE, a middle name), its extra words
 *    cost less: that is a possible match on the name's distinctive part. The reverse — a short
 *    listed alias inside a longer query — gets no such allowance.
 * 4. Limits below the default threshold (0.85): a different number (at most 0.75), a different
 *    legal form on both sides (0.8), a company's distinctive word that matches only approximately,
 *    for example one letter off (0.84), a company matched only on common business words (0.6), a
 *    Korean name with a syllable left over on either side (0.8).
 */
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import { sameNameGroup } from './lexicon.ts';
import { abjadSkeletons, skeleton, type Name, type Token } from './normalise.ts';

export const DEFAULT_THRESHOLD = 0.85;

const WEIGHT: Record<Token['kind'], number> = { word: 1, number: 1, initial: 0.6, generic: 0.5, legal: 0.25, title: 0.15, stop: 0.1 };
const MIN_SPELLING = 0.88;
const CAP_NUMBER = 0.75;
const CAP_LEGAL = 0.8;
const CAP_APPROXIMATE = 0.84;
const CAP_GENERIC_ONLY = 0.6;
const CAP_KOREAN_PART = 0.8;
const MAX_SPAN = 3;

type Rule = 'same' | 'korean' | 'spelling-variant' | 'vowels' | 'nickname' | 'abjad' | 'initial' | 'spelling' | 'joined';

type Span = { start: number; end: number; text: string; key: string };
type Pair = { a: Span; b: Span; sim: number; rule: Rule; detail?: string };

export type NameMatch = {
  score: number;
  /** Each rule that applied, in plain words, for the officer. */
  why: string[];
  /** The measures behind the rules (algorithm names and figures), for a reviewer who asks. */
  details: string[];
};

const jw = (a: string, b: string): number => (a === b ? 1 : jaroWinkler(a, b));

const SIGNIFICANT = new Set<Token['kind']>(['word', 'generic', 'initial', 'number']);

/** A name's spans, kept with the name (a listed name is compared with many queries, a query with many names). */
const SPANS = new WeakMap<Name, { joinable: boolean; spans: Span[] }>();

function spansOf(name: Name, joinable: boolean): Span[] {
  const hit = SPANS.get(name);
  if (hit && hit.joinable === joinable) return hit.spans;
  const out = spans(name.tokens, joinable);
  SPANS.set(name, { joinable, spans: out });
  return out;
}

function spans(tokens: Token[], joinable: boolean): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out.push({ start: i, end: i + 1, text: t.text, key: t.key });
    if (!joinable || t.kind !== 'word') continue;
    let text = t.text;
    let key = t.key;
    for (let j = i + 1; j < Math.min(tokens.length, i + MAX_SPAN); j++) {
      const u = tokens[j]!;
      if (u.kind !== 'word' && u.kind !== 'generic') break;
      text += u.text;
      key += u.key;
      out.push({ start: i, end: j + 1, text, key });
    }
  }
  return out;
}

/** Similarity of two single tokens, with the rule that gave it, or null when they are not one word. */
function tokenPair(a: Token, b: Token, korean: boolean): { sim: number; rule: Rule; detail?: string } | null {
  if (a.kind === 'legal' || b.kind === 'legal' || a.kind === 'title' || b.kind === 'title' || a.kind === 'stop' || b.kind === 'stop') {
    return a.kind === b.kind && a.key === b.key ? { sim: 1, rule: 'same' } : null;
  }
  if (a.kind === 'number' || b.kind === 'number') return a.kind === b.kind && a.key === b.key ? { sim: 1, rule: 'same' } : null;
  if (a.kind === 'initial' || b.kind === 'initial') {
    if (a.text === b.text) return { sim: 1, rule: 'same' };
    const [i, w] = a.kind === 'initial' ? [a, b] : [b, a];
    return w.kind !== 'initial' && w.text.startsWith(i.text) ? { sim: 0.8, rule: 'initial' } : null;
  }
  if (a.text === b.text) return { sim: 1, rule: 'same' };
  if (korean) return a.key === b.key ? { sim: 1, rule: 'korean' } : null;
  return wordPair(a.text, a.key, a.abjad, b.text, b.key, b.abjad);
}

type WordPair = { sim: number; rule: Rule; detail?: string } | null;

/** Pairs of words already compared (screening compares the same listed words again and again). */
const PAIRS = new Map<string, Map<string, WordPair>>();

/** `joined`: one side is several words written together (then an abjad word's article is not read off). */
const SAME: WordPair = { sim: 1, rule: 'same' };

function wordPair(at: string, ak: string, aAbjad: boolean, bt: string, bk: string, bAbjad: boolean, joined = false): WordPair {
  if (at === bt) return SAME;
  // Most pairs are plainly different words: words of very different lengths pair by no rule below
  // except a known short form of a given name (a cheap test before the remembered results).
  if (!aAbjad && !bAbjad && ak !== bk) {
    const la = at.length;
    const lb = bt.length;
    if ((la > 2 * lb || lb > 2 * la || Math.min(la, lb) < 3) && !sameNameGroup(at, bt)) return null;
  }
  // Remembered by first word, then second (no key string to build for the usual plain pair).
  const ka = joined || aAbjad || bAbjad ? `${joined ? '+' : ''}${aAbjad ? '~' : ''}${bAbjad ? '^' : ''}${at}` : at;
  let row = PAIRS.get(ka);
  if (!row) {
    if (PAIRS.size > 50_000) PAIRS.clear();
    PAIRS.set(ka, (row = new Map()));
  }
  let r = row.get(bt);
  if (r === undefined) {
    if (row.size > 5_000) row.clear();
    row.set(bt, (r = computeWordPair(at, ak, aAbjad, bt, bk, bAbjad, joined)));
  }
  return r;
}

function computeWordPair(at: string, ak: string, aAbjad: boolean, bt: string, bk: string, bAbjad: boolean, joined: boolean): WordPair {
  if (aAbjad || bAbjad) {
    const sa = aAbjad && !joined ? abjadSkeletons(at) : [skeleton(at)];
    const sb = bAbjad && !joined ? abjadSkeletons(bt) : [skeleton(bt)];
    let best = 0;
    let shown = '';
    for (const x of sa) {
      for (const y of sb) {
        if (x === y) return { sim: 0.92, rule: 'abjad', detail: `consonant skeleton ${x}` };
        const s = Math.min(x.length, y.length) >= 3 ? jw(x, y) : 0;
        if (s > best) [best, shown] = [s, `${x}/${y}`];
      }
    }
    return best >= 0.9 ? { sim: 0.9 * best, rule: 'abjad', detail: `consonant skeletons ${shown}, Jaro-Winkler ${best.toFixed(2)}` } : null;
  }
  if (ak === bk) return { sim: 0.95, rule: 'spelling-variant', detail: `spelling key ${ak}` };
  if (sameNameGroup(at, bt)) return { sim: 0.9, rule: 'nickname' };
  const lenA = at.length;
  const lenB = bt.length;
  if (lenA > 2 * lenB || lenB > 2 * lenA || Math.min(lenA, lenB) < 3) return null;
  // Words this far apart cannot reach a spelling pair by any rule below (a cheap first test).
  const j = Math.max(jw(ak, bk), jw(at, bt));
  if (j < 0.7) return null;
  // A name that is another name plus an ending of two letters or more is another name (Victor/Victoria, Martin/Martinez, Hiro/Hiroshi).
  const [short, long] = lenA <= lenB ? [at, bt] : [bt, at];
  if (long.startsWith(short) && long.length - short.length >= 2) return null;
  // Gendered forms of one given name are two people: a final -a added (Ivan/Ivana, Daniel/Daniela,
  // Petrov/Petrova) or swapped with -o in a given name's length (Mario/Maria, Antonio/Antonia; a long
  // family name ending -o/-a is a transliteration: Lukashenko/Lukashenka).
  if (short.length >= 3 && long === `${short}a`) return null;
  if (lenA === lenB && lenA >= 4 && lenA <= 7 && at.slice(0, -1) === bt.slice(0, -1) && new Set([at.at(-1), bt.at(-1)]).size === 2 && /^[ao]$/.test(at.at(-1)!) && /^[ao]$/.test(bt.at(-1)!)) return null;
  // Vowels alone differ in a word of four consonants or more: a transliteration difference (Soleimani/Sulaimani, Hezbollah/Hizballah).
  const ska = skeleton(at);
  if (ska.length >= 4 && ska === skeleton(bt)) return { sim: 0.9, rule: 'vowels', detail: `consonant skeleton ${ska}` };
  if (j < 0.76) return null;
  const d = Math.min(osa(ak, bk), osa(at, bt));
  const ratio = 1 - d / Math.max(lenA, lenB, ak.length, bk.length);
  // One edit is ordinary variation in a name; more edits weigh by their share of the word.
  const s = d <= 1 ? j : (j + ratio) / 2;
  return s >= MIN_SPELLING ? { sim: s, rule: 'spelling', detail: `Jaro-Winkler ${j.toFixed(3)}, ${d} edit${d === 1 ? '' : 's'} (optimal string alignment)` } : null;
}

/** Optimal-string-alignment edit distance (insertions, deletions, substitutions, adjacent transpositions). */
function osa(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = new Array<number>(n + 1);
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

function spanPair(a: Span, b: Span, qa: Token[], cb: Token[], korean: boolean): { sim: number; rule: Rule; detail?: string } | null {
  const singleA = a.end - a.start === 1;
  const singleB = b.end - b.start === 1;
  if (singleA && singleB) return tokenPair(qa[a.start]!, cb[b.start]!, korean);
  if (!singleA && !singleB) return null;
  if (korean) return a.key === b.key ? { sim: 1, rule: 'joined' } : null;
  if (a.text === b.text) return { sim: 1, rule: 'joined' };
  const p = wordPair(a.text, a.key, qa.slice(a.start, a.end).some((t) => t.abjad), b.text, b.key, cb.slice(b.start, b.end).some((t) => t.abjad), true);
  return p && p.sim >= 0.9 ? { ...p, rule: p.rule === 'same' ? 'joined' : p.rule } : null;
}

const words = (tokens: Token[], s: Span) => tokens.slice(s.start, s.end).map((t) => t.text).join(' ');

/** Compares a screened name (the query) with a listed name. */
export function compareNames(q: Name, c: Name): NameMatch {
  const qt = q.tokens;
  const ct = c.tokens;
  if (qt.length === 0 || ct.length === 0) return { score: 0, why: ['nothing to compare'], details: [] };
  const korean = q.korean && c.korean;
  const entity = q.kind === 'entity' || c.kind === 'entity';
  const joinable = qt.length <= 6 && ct.length <= 6;
  const qs = spansOf(q, joinable);
  const cs = spansOf(c, joinable);

  const pairs: Pair[] = [];
  for (const a of qs) {
    for (const b of cs) {
      const p = spanPair(a, b, qt, ct, korean);
      if (p) pairs.push({ a, b, ...p });
    }
  }
  // Best pairs first; on a tie the pair covering more words wins ("sangman" takes "sang" + "man").
  pairs.sort((x, y) => y.sim - x.sim || y.a.end - y.a.start + (y.b.end - y.b.start) - (x.a.end - x.a.start + (x.b.end - x.b.start)));
  const usedQ = new Array<boolean>(qt.length).fill(false);
  const usedC = new Array<boolean>(ct.length).fill(false);
  const free = (used: boolean[], s: Span) => {
    for (let i = s.start; i < s.end; i++) if (used[i]) return false;
    return true;
  };
  const chosen: Pair[] = [];
  for (const p of pairs) {
    if (!free(usedQ, p.a) || !free(usedC, p.b)) continue;
    for (let i = p.a.start; i < p.a.end; i++) usedQ[i] = true;
    for (let i = p.b.start; i < p.b.end; i++) usedC[i] = true;
    chosen.push(p);
  }

  const w = (t: Token) => WEIGHT[t.kind];
  const sumW = (ts: Token[], from: number, to: number) => ts.slice(from, to).reduce((n, t) => n + w(t), 0);
  let matched = 0;
  for (const p of chosen) matched += p.sim * (sumW(qt, p.a.start, p.a.end) + sumW(ct, p.b.start, p.b.end));

  const unmatchedQ = qt.filter((_, i) => !usedQ[i]);
  const unmatchedC = ct.filter((_, i) => !usedC[i]);
  const sigUnmatchedQ = unmatchedQ.filter((t) => SIGNIFICANT.has(t.kind));
  const byQ = chosen.filter((p) => qt.slice(p.a.start, p.a.end).some((t) => SIGNIFICANT.has(t.kind))).sort((x, y) => x.a.start - y.a.start);
  const inOrder = byQ.every((p, i) => i === 0 || p.b.start > byQ[i - 1]!.b.start);
  const distinctiveMatched = chosen.filter((p) => qt.slice(p.a.start, p.a.end).some((t) => t.kind === 'word' || t.kind === 'number')).length;
  const qWordCount = qt.filter((t) => t.kind === 'word').length;
  // The query is the distinctive part of the listed name: all of it paired, the listed name has more.
  const subset = !korean && sigUnmatchedQ.length === 0 && unmatchedC.some((t) => SIGNIFICANT.has(t.kind))
    && distinctiveMatched >= 2 && qWordCount >= 2 && (!entity || inOrder) && chosen.every((p) => p.rule !== 'initial');
  // A company's name with or without common business words (OIL COMPANY, STATE CORPORATION) is
  // the same name when every distinctive word pairs: the extra common words, on either side, cost less.
  const distinctive = (t: Token) => t.kind === 'word' || t.kind === 'number';
  const genericOnly = (ts: Token[]) => ts.some((t) => SIGNIFICANT.has(t.kind)) && !ts.some(distinctive);
  const genericExtrasQ = entity && distinctiveMatched >= 1 && genericOnly(unmatchedQ) && !unmatchedC.some((t) => SIGNIFICANT.has(t.kind));
  const genericExtrasC = entity && distinctiveMatched >= 1 && genericOnly(unmatchedC) && !unmatchedQ.some((t) => SIGNIFICANT.has(t.kind));
  const factorC = subset || genericExtrasC ? (entity ? 0.3 : 0.5) : 1;
  const factorQ = genericExtrasQ ? 0.3 : 1;
  // A legal form on one side only (the other names none) costs less than one that disagrees.
  const wq = (t: Token) => w(t) * (t.kind === 'legal' && c.legal.length === 0 ? 0.4 : 1);
  const wc = (t: Token) => w(t) * (t.kind === 'legal' && q.legal.length === 0 ? 0.4 : 1);
  const total = qt.filter((_, i) => usedQ[i]).reduce((n, t) => n + w(t), 0) + unmatchedQ.reduce((n, t) => n + wq(t) * factorQ, 0)
    + ct.filter((_, i) => usedC[i]).reduce((n, t) => n + w(t), 0) + unmatchedC.reduce((n, t) => n + wc(t) * factorC, 0);
  let score = total > 0 ? matched / total : 0;

  const why: string[] = [];
  const details: string[] = [];
  const note = (s: string) => {
    if (!why.includes(s)) why.push(s);
  };
  let cap = 1;
  const capAt = (limit: number, reason: string) => {
    if (limit < cap) cap = limit;
    note(reason);
  };

  // Numbers: two names that both carry numbers must carry the same ones.
  const qNums = qt.filter((t) => t.kind === 'number').map((t) => t.key);
  const cNums = ct.filter((t) => t.kind === 'number').map((t) => t.key);
  if (qNums.length && cNums.length && (qNums.some((n) => !cNums.includes(n)) || cNums.some((n) => !qNums.includes(n)))) {
    capAt(CAP_NUMBER, `different number (${qNums.join(', ')} against ${cNums.join(', ')})`);
  }
  if (q.legal.length && c.legal.length && !q.legal.some((l) => c.legal.includes(l))) {
    capAt(CAP_LEGAL, `different legal form (${legalText(qt)} against ${legalText(ct)})`);
  }
  // A Korean given name is one unit: a syllable left over on either side is another person (Kim Jong Un / Kim Jong Nam).
  if (korean && (unmatchedQ.some((t) => t.kind === 'word') || unmatchedC.some((t) => t.kind === 'word'))) {
    capAt(CAP_KOREAN_PART, 'part of the Korean name has no counterpart, so it is taken as another person');
  }
  if (entity) {
    // A distinctive company word that pairs only approximately: by string similarity, or by one vowel.
    // (Systematic transliteration swaps — y/i, c/k, x/ks, doubled letters — are spelling variants, not this.)
    const approx = chosen.filter((p) => (p.rule === 'spelling' || (p.rule === 'vowels' && osa(p.a.text, p.b.text) <= 1))
      && (qt.slice(p.a.start, p.a.end).some((t) => t.kind === 'word') || ct.slice(p.b.start, p.b.end).some((t) => t.kind === 'word')));
    for (const p of approx) capAt(CAP_APPROXIMATE, `a distinctive word of the company name differs by a letter or two (${words(qt, p.a)} against ${words(ct, p.b)}), so it is not taken as the same company`);
    if (chosen.length && !chosen.some((p) => qt.slice(p.a.start, p.a.end).some((t) => t.kind === 'word' || t.kind === 'number'))) {
      capAt(CAP_GENERIC_ONLY, 'only common business words agree');
    }
  }

  // Plain explanation of each pairing rule that applied.
  const koreanPairs: string[] = [];
  for (const p of chosen) {
    const a = words(qt, p.a);
    const b = words(ct, p.b);
    if (p.rule === 'same' && a !== b && qt[p.a.start]!.kind === 'legal') note(`legal form written another way (${a} = ${b})`);
    else if (p.rule === 'korean') koreanPairs.push(`${a} = ${b}`);
    else if (p.rule === 'joined') note(`${p.a.end - p.a.start > 1 ? `"${a}" written together as "${b}"` : `"${a}" written apart as "${b}"`}`);
    else if (p.rule === 'spelling-variant') note(`spelling variant (${a} = ${b})`);
    else if (p.rule === 'vowels') note(`only the vowels differ, as between transliterations (${a} = ${b})`);
    else if (p.rule === 'nickname') note(`another form of the same given name (${a} = ${b})`);
    else if (p.rule === 'abjad') note(`written without short vowels in ${q.script ?? c.script ?? 'another script'}, consonants agree (${a} = ${b})`);
    else if (p.rule === 'initial') note(`initial stands for the name (${a} = ${b}), scored lower than the full name`);
    else if (p.rule === 'spelling') note(`spelling differs (${a} ~ ${b})`);
    if (p.detail) details.push(`${a}/${b}: ${p.detail}`);
  }
  if (koreanPairs.length) why.unshift(`Korean name in another romanisation (${koreanPairs.join(', ')})`);
  if (q.script) note(`written in ${q.script}, read as "${qt.map((t) => t.text).join(' ')}"`);
  if (c.script) note(`listed name written in ${c.script}, read as "${ct.map((t) => t.text).join(' ')}"`);
  if (!inOrder && chosen.length > 1) note('words in another order');
  const numberWords = [...qt, ...ct].filter((t) => t.kind === 'number' && t.text !== t.key);
  if (numberWords.length) note(`numbers written in words read as numbers (${numberWords.map((t) => `${t.text} = ${t.key}`).join(', ')})`);
  const lowWeight = (ts: Token[], kind: Token['kind']) => [...new Set(ts.filter((t) => t.kind === kind).map((t) => t.text))];
  const titles = [...lowWeight(unmatchedQ, 'title'), ...lowWeight(unmatchedC, 'title')];
  if (titles.length) note(`title weighs little (${titles.join(', ')})`);
  const legalExtra = [...lowWeight(unmatchedQ, 'legal'), ...lowWeight(unmatchedC, 'legal')];
  if (legalExtra.length && cap === 1) note(`legal form weighs little (${[...new Set(legalExtra)].join(', ')})`);
  if (genericExtrasQ || genericExtrasC) note('every distinctive word agrees; the other name only adds common business words');
  if (sigUnmatchedQ.length) note(`${sigUnmatchedQ.length === 1 ? 'a word' : `${sigUnmatchedQ.length} words`} of the screened name not in the listed name (${sigUnmatchedQ.map((t) => t.text).join(', ')})`);
  const sigUnmatchedC = unmatchedC.filter((t) => SIGNIFICANT.has(t.kind));
  if (sigUnmatchedC.length) {
    note(subset
      ? `the screened name is the distinctive part of the listed name, which also has ${sigUnmatchedC.map((t) => t.text).join(' ')}`
      : `${sigUnmatchedC.length === 1 ? 'a word' : `${sigUnmatchedC.length} words`} of the listed name not in the screened name (${sigUnmatchedC.map((t) => t.text).join(', ')})`);
  }
  score = Math.min(score, cap);
  score = Math.round(score * 1000) / 1000;
  if (score === 1 && why.length === 0) why.push(q.original.trim() === c.original.trim() ? 'same name' : 'same name (letter case, accents and punctuation aside)');
  details.push(`weighted share of paired words ${(matched / (total || 1)).toFixed(3)}${cap < 1 ? `, limited to ${cap}` : ''}`);
  return { score, why, details };
}

const legalText = (ts: Token[]) => [...new Set(ts.filter((t) => t.kind === 'legal').map((t) => t.text.toUpperCase()))].join(' ');

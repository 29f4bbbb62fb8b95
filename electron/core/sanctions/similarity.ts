import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import type { NormalisedName } from '../../../shared/sanctions/normalize.ts';

/** Below this, two tokens are not treated as spellings of one word. */
const MIN_TOKEN_SIMILARITY = 0.8;
/** Given names written together ("Sangman") are compared with up to this many words written apart. */
const MAX_SPAN = 3;
/** Joined words are a trait of personal names; a longer (company) name is compared word by word, which keeps long names cheap. */
const MAX_WORDS_FOR_SPANS = 5;
/** Words whose lengths differ more than this cannot reach MIN_TOKEN_SIMILARITY in practice; skipping them saves most comparisons. */
const MAX_LENGTH_RATIO = 2;

export const tokenSimilarity = (a: string, b: string): number => (a === b ? 1 : jaroWinkler(a, b));

type Span = { start: number; end: number; text: string; length: number };

function spans(tokens: string[]): Span[] {
  const out: Span[] = [];
  const maxSpan = tokens.length <= MAX_WORDS_FOR_SPANS ? MAX_SPAN : 1;
  for (let i = 0; i < tokens.length; i++) {
    let text = '';
    for (let j = i; j < Math.min(tokens.length, i + maxSpan); j++) {
      text += tokens[j]!;
      out.push({ start: i, end: j + 1, text, length: text.length });
    }
  }
  return out;
}

type Pair = { a: Span; b: Span; sim: number };

export type Comparison = { score: number; pairs: Pair[] };

/**
 * Compares two normalised names word by word, whatever the order: each word of one is paired with
 * its most similar word of the other (Jaro-Winkler, talisman), a word may pair with two or three
 * adjacent words written together ("Sangman" ~ "Sang Man"), and the score is the length-weighted
 * mean similarity of the pairs, where a word left unpaired counts as 0. So a partial name scores
 * low: "Kim" against "KIM, Sang Man" is 0.46, not a match.
 */
export function compareNames(q: NormalisedName, c: NormalisedName): Comparison {
  const qt = q.tokens.map((t) => t.canon);
  const ct = c.tokens.map((t) => t.canon);
  const totalQ = qt.reduce((n, t) => n + t.length, 0);
  const totalC = ct.reduce((n, t) => n + t.length, 0);
  if (totalQ === 0 || totalC === 0) return { score: 0, pairs: [] };

  const pairs: Pair[] = [];
  const qs = spans(qt);
  const cs = spans(ct);
  for (const a of qs) {
    for (const b of cs) {
      const single = a.end - a.start === 1 || b.end - b.start === 1;
      if (!single || a.length > b.length * MAX_LENGTH_RATIO || b.length > a.length * MAX_LENGTH_RATIO) continue;
      const sim = tokenSimilarity(a.text, b.text);
      if (sim >= MIN_TOKEN_SIMILARITY) pairs.push({ a, b, sim });
    }
  }
  // Best pairs first; on a tie the pair covering more words wins, so "sangman" takes "sang"+"man".
  pairs.sort((x, y) => y.sim - x.sim || y.a.length + y.b.length - (x.a.length + x.b.length));
  const usedQ = new Array<boolean>(qt.length).fill(false);
  const usedC = new Array<boolean>(ct.length).fill(false);
  const free = (used: boolean[], s: Span) => {
    for (let i = s.start; i < s.end; i++) if (used[i]) return false;
    return true;
  };
  const take = (used: boolean[], s: Span) => {
    for (let i = s.start; i < s.end; i++) used[i] = true;
  };
  const chosen: Pair[] = [];
  let weighted = 0;
  for (const p of pairs) {
    if (!free(usedQ, p.a) || !free(usedC, p.b)) continue;
    take(usedQ, p.a);
    take(usedC, p.b);
    chosen.push(p);
    weighted += p.sim * (p.a.length + p.b.length);
  }
  const score = weighted / (totalQ + totalC);
  return { score: Math.round(score * 1000) / 1000, pairs: chosen };
}

/** Which rules made two names match, for the hit's `why` (worked out only for hits). */
export function explain(q: NormalisedName, c: NormalisedName, chosen: Pair[]): string[] {
  const rules: string[] = [];
  const rawQ = q.tokens.map((t) => t.raw);
  const rawC = c.tokens.map((t) => t.raw);
  if (chosen.some((p) => p.a.end - p.a.start !== p.b.end - p.b.start)) rules.push('given names joined or split');
  const byQ = [...chosen].sort((x, y) => x.a.start - y.a.start);
  if (byQ.some((p, i) => i > 0 && p.b.start < byQ[i - 1]!.b.start)) rules.push('word order');
  for (const p of chosen) {
    const a = rawQ.slice(p.a.start, p.a.end).join(' ');
    const b = rawC.slice(p.b.start, p.b.end).join(' ');
    if (p.sim < 1) rules.push(`spelling ${a}~${b} (Jaro-Winkler ${p.sim.toFixed(2)})`);
    else if (p.a.end - p.a.start === 1 && p.b.end - p.b.start === 1 && a !== b) rules.push(`romanisation ${a}~${b}`);
  }
  const dropped = [...new Set([...q.dropped, ...c.dropped])];
  if (dropped.length) rules.push(`company words ignored (${dropped.join(', ')})`);
  const expanded = [...new Set([...q.expanded, ...c.expanded])];
  if (expanded.length) rules.push(`abbreviation expanded (${expanded.join(', ')})`);
  const matched = chosen.reduce((n, p) => n + (p.a.end - p.a.start), 0);
  if (matched < rawQ.length || chosen.reduce((n, p) => n + (p.b.end - p.b.start), 0) < rawC.length) rules.push('some words unmatched');
  return rules;
}

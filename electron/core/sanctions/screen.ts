import type { Db } from '../db/connection.ts';
import { stmt } from '../db/connection.ts';
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import { compareNames, fold, normaliseName, queryKeys, type Name, type NameKind } from '../../../shared/sanctions/names/index.ts';
import { cryptoKey, documentKey } from '../../../shared/sanctions/remarks.ts';
import { compareAttributes, type SubjectAttributes } from '../../../shared/sanctions/attributes.ts';
import type { Hit, RemarkItem, SdnType, VersionRef } from '../../../shared/sanctions/types.ts';

const tokenSimilarity = (a: string, b: string): number => (a === b ? 1 : jaroWinkler(a, b));

/** Agreeing attributes can lift a name score at most this far, so names this far under the threshold are checked. */
const ATTRIBUTE_REACH = 0.06;

/** A listed token this similar to a query token retrieves the names that hold it. */
const RETRIEVE_SIMILARITY = 0.8;
/** How many retrieved names are scored in full. */
const CANDIDATES = 30;
/** A token held by more names than this says little; it is skipped in retrieval when rarer ones exist. */
const COMMON_DF = 1500;
const FUZZY_MIN_LENGTH = 4;

export type NameQuery = {
  name: string;
  type?: 'individual' | 'entity' | undefined;
  limit?: number | undefined;
  threshold: number;
  /** What is known about the subject; compared with each hit's listed DOB, nationality and gender. */
  attributes?: SubjectAttributes | undefined;
};

type CandidateRow = { id: number; ent_num: number; kind: Hit['matchedKind']; name: string; primary_name: string; type: SdnType; programs: string };

type VocabHit = { token: string; sim: number; df: number };

/**
 * Listed tokens close to a query token, each with its similarity. One edit leaves either the first
 * or the last half of a word intact (which half depends on where the edit is), so the fuzzy lookup
 * reads, for each length one shorter, equal or one longer than the query token, the listed tokens
 * sharing its first half (a primary-key range) and those sharing its last half (a range of the
 * reversed-token index): a few index ranges, never the vocabulary.
 */
function similarTokens(db: Db, versionId: number, token: string, fuzzy: boolean): VocabHit[] {
  const found = new Map<string, VocabHit>();
  const keep = (rows: { token: string; df: number }[]) => {
    for (const r of rows) {
      if (found.has(r.token)) continue;
      const sim = tokenSimilarity(token, r.token);
      if (sim >= RETRIEVE_SIMILARITY) found.set(r.token, { ...r, sim });
    }
  };
  const m = token.length;
  keep(stmt(db, 'SELECT token, df FROM sanctions_vocab WHERE version_id = ? AND len = ? AND token = ?').all(versionId, m, token) as VocabHit[]);
  if (fuzzy && m >= FUZZY_MIN_LENGTH - 1) {
    const rev = [...token].reverse().join('');
    const byPrefix = stmt(db, 'SELECT token, df FROM sanctions_vocab WHERE version_id = ? AND len = ? AND token >= ? AND token < ?');
    const bySuffix = stmt(db, 'SELECT token, df FROM sanctions_vocab WHERE version_id = ? AND len = ? AND rev >= ? AND rev < ?');
    for (const n of [m - 1, m, m + 1]) {
      if (n < FUZZY_MIN_LENGTH) continue;
      // An edit before the middle leaves the last floor(n/2) letters intact, one after it the first ceil(n/2).
      const pre = token.slice(0, Math.ceil(n / 2));
      const suf = rev.slice(0, Math.floor(n / 2));
      keep(byPrefix.all(versionId, n, pre, `${pre}\uffff`) as VocabHit[]);
      keep(bySuffix.all(versionId, n, suf, `${suf}\uffff`) as VocabHit[]);
    }
  }
  return [...found.values()];
}

/**
 * Retrieves candidate names through the token index (never the whole list), ranks them by the
 * rarity of the query words they share, and returns the best few ids.
 */
function candidates(db: Db, versionId: number, q: Name): number[] {
  const keys = queryKeys(q);
  const matched: (VocabHit & { queryToken: string })[] = [];
  for (const qt of keys.fuzzy) for (const hit of similarTokens(db, versionId, qt, true)) matched.push({ ...hit, queryToken: qt });
  // Given names written apart in the query reach a listed "Sangman" through the joined pair, and a
  // name in Arabic or Hebrew script its Latin spelling through the consonant skeleton, looked up exactly.
  for (const key of keys.exact) for (const hit of similarTokens(db, versionId, key, false)) matched.push({ ...hit, queryToken: key });
  if (matched.length === 0) return [];
  const rare = matched.filter((m) => m.df <= COMMON_DF);
  const use = rare.length ? rare : matched;
  const weight = new Map<number, Map<string, number>>();
  const postingsOf = stmt(db, 'SELECT postings FROM sanctions_vocab WHERE version_id = ? AND len = ? AND token = ?').pluck();
  for (const m of use) {
    const w = m.sim * Math.log(1 + 40_000 / m.df);
    for (const part of (postingsOf.get(versionId, m.token.length, m.token) as string).split(',')) {
      const id = Number(part);
      let per = weight.get(id);
      if (!per) weight.set(id, (per = new Map()));
      if ((per.get(m.queryToken) ?? 0) < w) per.set(m.queryToken, w);
    }
  }
  const ranked = [...weight].map(([id, per]) => [id, [...per.values()].reduce((a, b) => a + b, 0)] as const);
  ranked.sort((a, b) => b[1] - a[1]);
  return ranked.slice(0, CANDIDATES).map(([id]) => id);
}

type Candidate = CandidateRow & { norm?: Name };

/**
 * A version's listed names by id, loaded once per connection in two sequential reads (a version
 * never changes), each normalised as it is loaded. Retrieval still goes through the token index;
 * this only saves a point lookup and a normalisation per candidate, which a batch repeats often.
 */
const loaded = new WeakMap<Db, Map<number, Map<number, Candidate>>>();

function candidatesOf(db: Db, versionId: number): Map<number, Candidate> {
  let perDb = loaded.get(db);
  if (!perDb) loaded.set(db, (perDb = new Map()));
  const hit = perDb.get(versionId);
  if (hit) return hit;
  const entries = new Map<number, { primary_name: string; type: SdnType; programs: string }>();
  for (const e of stmt(db, 'SELECT ent_num, name, type, programs FROM sanctions_entries WHERE version_id = ?').iterate(versionId) as Iterable<{ ent_num: number; name: string; type: SdnType; programs: string }>) {
    entries.set(e.ent_num, { primary_name: e.name, type: e.type, programs: e.programs });
  }
  const byId = new Map<number, Candidate>();
  for (const n of stmt(db, 'SELECT id, ent_num, kind, name FROM sanctions_names WHERE version_id = ?').iterate(versionId) as Iterable<Pick<CandidateRow, 'id' | 'ent_num' | 'kind' | 'name'>>) {
    const e = entries.get(n.ent_num);
    // Normalised once, here, so that no screening pays for it (a version never changes).
    if (e) byId.set(n.id, { ...n, ...e, norm: normaliseName(n.name, partyKind(e.type)) });
  }
  // The SDN and the Consolidated list are screened together: both stay loaded; older versions do not.
  if (perDb.size >= 2) perDb.delete(perDb.keys().next().value!);
  perDb.set(versionId, byId);
  return byId;
}

const wordsOf = (name: string) => fold(name).split(' ').sort().join(' ');

/** Individuals are persons; entities, vessels and aircraft are named like companies. */
const partyKind = (t: SdnType): NameKind => (t === 'individual' ? 'person' : 'entity');

/** A hit on the Consolidated list says so first (an SDN hit, the usual case, needs no prefix). */
const listLabel = (v: VersionRef) => (v.list === 'CONS' ? 'Consolidated (non-SDN) list: ' : '');

const kindLabel = (k: Hit['matchedKind']) => (k === 'primary' ? 'primary name' : k === 'aka' ? 'alias (a.k.a.)' : k === 'fka' ? 'former name (f.k.a.)' : k === 'nka' ? 'new name (n.k.a.)' : 'identifier');

/** Screens one name: the best-scoring listed name of each entry at or above the threshold, best first. */
export function screenName(db: Db, version: VersionRef, query: NameQuery): Hit[] {
  const q = normaliseName(query.name, query.type === undefined ? undefined : query.type === 'individual' ? 'person' : 'entity');
  if (q.tokens.length === 0) return [];
  const queryWords = wordsOf(query.name);
  const a = query.attributes;
  const hasAttributes = !!a && !!(a.dob?.trim() || a.nationality?.trim() || a.gender?.trim());
  const facts = new Map<number, RemarkItem[]>();
  const factsStmt = stmt(db, 'SELECT facts FROM sanctions_entries WHERE version_id = ? AND ent_num = ?').pluck();
  const factsOf = (ent: number): RemarkItem[] => {
    let f = facts.get(ent);
    if (!f) facts.set(ent, (f = JSON.parse((factsStmt.get(version.id, ent) as string | undefined) ?? '[]') as RemarkItem[]));
    return f;
  };
  const ids = candidates(db, version.id, q);
  if (ids.length === 0) return [];
  const byId = candidatesOf(db, version.id);
  const best = new Map<number, Hit>();
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    if (query.type === 'individual' && r.type !== 'individual') continue;
    if (query.type === 'entity' && r.type === 'individual') continue;
    const c = (r.norm ??= normaliseName(r.name, partyKind(r.type)));
    const name = compareNames(q, c);
    let score = name.score;
    const why = [...name.why];
    const details = [...name.details];
    if (hasAttributes && name.score >= query.threshold - ATTRIBUTE_REACH) {
      const check = compareAttributes(query.attributes!, factsOf(r.ent_num));
      if (check.notes.length) {
        score = Math.round(Math.max(0, Math.min(1, score + check.adjust)) * 1000) / 1000;
        why.push(...check.notes);
        details.push(`name score ${name.score}, ${check.adjust >= 0 ? '+' : ''}${check.adjust.toFixed(2)} for the other attributes`);
      }
    }
    if (score < query.threshold) continue;
    const prev = best.get(r.ent_num);
    // On a tie, the listed name written with the query's very words wins (an alias spelled as typed).
    if (prev && (prev.score > score || (prev.score === score && wordsOf(r.name) !== queryWords))) continue;
    best.set(r.ent_num, {
      list: version.list,
      ent_num: r.ent_num,
      name: r.primary_name,
      type: r.type,
      programs: JSON.parse(r.programs) as string[],
      matched: r.name,
      matchedKind: r.kind,
      score,
      why: `${listLabel(version)}${kindLabel(r.kind)} "${r.name}": ${why.join('; ')}`,
      whyDetails: details.join('; '),
    });
  }
  return sortHits([...best.values()]).slice(0, query.limit ?? 20);
}

const sortHits = (hits: Hit[]) => hits.sort((a, b) => b.score - a.score || a.ent_num - b.ent_num);

type IdentifierRow = { ent_num: number; kind: string; label: string; value: string; norm: string; country: string | null; primary_name: string; type: SdnType; programs: string };


/**
 * Screens one identifier (wallet address, passport, national ID, tax or registration number):
 * an exact match after normalisation scores 1.0. Hex and bech32 addresses are compared without
 * case; base58 addresses as written; document numbers without spaces, dashes and case.
 */
export function screenIdentifier(db: Db, version: VersionRef, value: string): Hit[] {
  const v = value.trim();
  if (!v) return [];
  const crypto = cryptoKey(v);
  const doc = documentKey(v);
  const rows = stmt(db, `SELECT i.ent_num, i.kind, i.label, i.value, i.norm, i.country, e.name AS primary_name, e.type, e.programs
      FROM sanctions_identifiers i JOIN sanctions_entries e ON e.version_id = i.version_id AND e.ent_num = i.ent_num
      WHERE i.version_id = ? AND i.norm IN (?, ?, ?) ORDER BY i.ent_num`).all(version.id, crypto, doc, v.toLowerCase()) as IdentifierRow[];
  const hits: Hit[] = [];
  const labels = new Map<Hit, string[]>();
  for (const r of rows) {
    const expected = r.kind === 'crypto' ? crypto : r.kind === 'email' || r.kind === 'website' ? v.toLowerCase() : doc;
    if (r.norm !== expected) continue;
    // One address listed for several tokens (ETH, USDT, USDC) is one hit naming them all.
    const same = hits.find((h) => h.ent_num === r.ent_num && h.matched === r.value);
    const label = `${r.label}${r.country ? ` (${r.country})` : ''}`;
    if (same) {
      labels.get(same)!.push(label);
      continue;
    }
    const hit: Hit = {
      list: version.list,
      ent_num: r.ent_num,
      name: r.primary_name,
      type: r.type,
      programs: JSON.parse(r.programs) as string[],
      matched: r.value,
      matchedKind: 'identifier',
      score: 1,
      why: '',
    };
    labels.set(hit, [label]);
    hits.push(hit);
  }
  for (const h of hits) {
    const caseNote = h.matched !== v && h.matched.toLowerCase() === v.toLowerCase() ? ' (letter case ignored: this address format is case-insensitive)' : h.matched !== v ? ' (spaces, dashes and letter case ignored)' : '';
    h.why = `${listLabel(version)}${labels.get(h)!.join(', ')} equals "${h.matched}"${caseNote}`;
  }
  return sortHits(hits);
}

/** Screens one name in each version (the SDN and the Consolidated list): every hit names its list; best first. */
export function screenNameIn(db: Db, versions: readonly VersionRef[], query: NameQuery): Hit[] {
  if (versions.length === 1) return screenName(db, versions[0]!, query);
  return sortHits(versions.flatMap((v) => screenName(db, v, query))).slice(0, query.limit ?? 20);
}

/** Screens one identifier in each version; every hit names its list. */
export function screenIdentifierIn(db: Db, versions: readonly VersionRef[], value: string): Hit[] {
  return versions.length === 1 ? screenIdentifier(db, versions[0]!, value) : sortHits(versions.flatMap((v) => screenIdentifier(db, v, value)));
}

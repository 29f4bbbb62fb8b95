import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_THRESHOLD, matchNames } from '../../shared/sanctions/names/index.ts';

export type LabelledPair = { line: number; label: boolean; category: string; kind: 'person' | 'entity'; query: string; listed: string };

/** The labelled name pairs (test/sanctions/fixtures/name-pairs.psv). */
export function readCorpus(): LabelledPair[] {
  const text = readFileSync(join(import.meta.dirname, 'fixtures', 'name-pairs.psv'), 'utf8');
  const out: LabelledPair[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const f = line.split('|');
    if (f.length !== 5 || (f[0] !== '0' && f[0] !== '1') || (f[2] !== 'person' && f[2] !== 'entity')) throw new Error(`name-pairs.psv line ${i + 1} is malformed: ${line}`);
    out.push({ line: i + 1, label: f[0] === '1', category: f[1]!, kind: f[2], query: f[3]!, listed: f[4]! });
  });
  return out;
}

export type Evaluation = { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number; tn: number; errors: (LabelledPair & { score: number })[] };

/** Precision, recall and F1 of the matcher at a threshold over the corpus. */
export function evaluate(pairs: LabelledPair[], threshold = DEFAULT_THRESHOLD): Evaluation {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  const errors: (LabelledPair & { score: number })[] = [];
  for (const p of pairs) {
    const { score } = matchNames(p.query, p.listed, p.kind);
    const hit = score >= threshold;
    if (hit && p.label) tp++;
    else if (hit) fp++;
    else if (p.label) fn++;
    else tn++;
    if (hit !== p.label) errors.push({ ...p, score });
  }
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  const f1 = (2 * precision * recall) / (precision + recall || 1);
  return { precision, recall, f1, tp, fp, fn, tn, errors };
}

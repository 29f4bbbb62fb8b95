import type { FindingDraft, Rule, RuleEnv, RuleRun } from './rules/rule.ts';
import type { LoginEvent } from './rules/rule.ts';
import { sortDrafts } from './rules/index.ts';
import { memo } from './memo.ts';
import { MAX_LISTED } from './span.ts';

export { memo };

const SWEEP_EVERY = 4096;
/**
 * One pass of some rules over a case's events, pushed in time order (ties by row id). Each rule
 * keeps its own state; every few thousand events each is asked to report and drop what can no
 * longer change, so memory follows the accounts, addresses and open windows, not the events.
 * `extra` passes take part in the pass without being rules (the core's look-ups).
 */
export class Analyser {
  private readonly runs: RuleRun[] = [];
  private readonly sweeps: RuleRun[] = [];
  private readonly drafts: FindingDraft[] = [];
  private pushed = 0;
  /** The time of the last event pushed: the next must not be earlier. */
  lastTs = -Infinity;

  constructor(rules: readonly Rule[], env: Omit<RuleEnv, 'report'>, extra: readonly RuleRun[] = []) {
    for (const rule of rules) {
      const run = rule.start({
        ...env,
        report: (d) => {
          d.detail.explanation = rule.explain(d);
          if (d.moreIps) {
            d.detail.moreAddresses = true;
            d.detail.explanation += ` (The first ${MAX_LISTED} addresses are listed; there were more.)`;
          }
          delete d.moreIps;
          this.drafts.push(d);
        },
      });
      if (run) this.runs.push(run);
    }
    this.runs.push(...extra);
    this.sweeps.push(...this.runs.filter((r) => r.sweep));
  }

  push(e: LoginEvent): void {
    if (e.ts < this.lastTs) throw new Error('login events must be pushed in time order');
    this.lastTs = e.ts;
    const runs = this.runs;
    for (let i = 0; i < runs.length; i++) runs[i]!.push(e);
    if (++this.pushed % SWEEP_EVERY === 0) for (const r of this.sweeps) r.sweep!(e.ts);
  }

  /** The findings, in the rules' order. */
  finish(): FindingDraft[] {
    for (const r of this.runs) r.finish();
    return sortDrafts(this.drafts);
  }
}

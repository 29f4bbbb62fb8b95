import type { FindingDraft, Rule, RuleEnv, RuleRun } from './rules/rule.ts';
import type { LoginEvent } from './rules/rule.ts';
import { sortDrafts } from './rules/index.ts';
import { memo } from './memo.ts';
import { MAX_LISTED, MAX_REFS } from './span.ts';
import { utcText } from '../text.ts';

export { memo };

const SWEEP_EVERY = 4096;
/**
 * Findings of one detector for one account listed one by one; beyond them, that detector's further
 * findings for the account are summed up in one finding (how many, when, their first records), so
 * that the findings held, stored and shown do not grow with the file.
 */
export const MAX_PER_ACCOUNT = 10;
/** How the summary of findings about several accounts at once names them (a comma never appears in it, unlike in such findings' account). */
const SEVERAL = 'several accounts';
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
  /** Findings reported so far per detector and account, and the summary of those beyond MAX_PER_ACCOUNT. */
  private readonly reported = new Map<string, number>();
  private readonly beyond = new Map<string, { d: FindingDraft; more: number; ips: Set<string>; countries: Set<string>; moreIps: boolean }>();
  private pushed = 0;
  /** The time of the last event pushed: the next must not be earlier. */
  lastTs = -Infinity;

  constructor(rules: readonly Rule[], env: Omit<RuleEnv, 'report'>, extra: readonly RuleRun[] = []) {
    for (const rule of rules) {
      const run = rule.start({
        ...env,
        report: (d) => {
          // A finding about several accounts (a shared session, a shared address) counts towards its detector's "several accounts".
          const k = `${d.detector}|${d.account?.includes(', ') ? SEVERAL : (d.account ?? '')}`;
          const n = (this.reported.get(k) ?? 0) + 1;
          this.reported.set(k, n);
          if (n > MAX_PER_ACCOUNT) {
            this.fold(k, d);
            return;
          }
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

  /** A finding beyond the first MAX_PER_ACCOUNT of its detector for its account, added to their summary. */
  private fold(k: string, d: FindingDraft): void {
    let b = this.beyond.get(k);
    if (!b) {
      const summary: FindingDraft = {
        indicator: d.indicator, detector: d.detector, account: k.endsWith(`|${SEVERAL}`) ? SEVERAL : d.account, ips: [], countries: [], from: d.from, to: d.to, refs: [],
        key: `${k}|more`,
        detail: { rule: d.detail.rule, ...(d.detail.weight !== undefined && { weight: d.detail.weight }) },
      };
      this.beyond.set(k, (b = { d: summary, more: 0, ips: new Set(), countries: new Set(), moreIps: false }));
    }
    b.more++;
    if (d.from < b.d.from) b.d.from = d.from;
    if (d.to > b.d.to) b.d.to = d.to;
    for (const ip of d.ips) {
      if (b.ips.size < MAX_LISTED) b.ips.add(ip);
      else if (!b.ips.has(ip)) b.moreIps = true;
    }
    if (d.moreIps) b.moreIps = true;
    for (const c of d.countries) b.countries.add(c);
    for (const r of d.refs) if (b.d.refs.length < MAX_REFS) b.d.refs.push(r);
  }

  /** The findings, in the rules' order. */
  finish(): FindingDraft[] {
    for (const r of this.runs) r.finish();
    for (const { d, more, ips, countries, moreIps } of this.beyond.values()) {
      d.ips = [...ips].sort();
      d.countries = [...countries].sort();
      Object.assign(d.detail, { summarised: more, listedSeparately: MAX_PER_ACCOUNT, ...(moreIps && { moreAddresses: true }) });
      d.detail.explanation =
        `${more} more findings of this kind (${String(d.detail.rule)}) for ${d.account ?? 'this account'} between ${utcText(d.from)} and ${utcText(d.to)}, beyond the first ${MAX_PER_ACCOUNT} listed one by one; ` +
        `summed up here, with their first ${MAX_REFS} records linked.${moreIps ? ` (The first ${MAX_LISTED} addresses are listed; there were more.)` : ''}`;
      this.drafts.push(d);
    }
    this.beyond.clear();
    this.reported.clear();
    return sortDrafts(this.drafts);
  }
}

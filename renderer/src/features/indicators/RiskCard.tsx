import { ASSESSMENT_LABELS, BAND_FLOORS } from '../../../../shared/indicators/score.ts';
import type { CaseRisk } from '../../../../shared/indicators/types.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { formatTime } from '../../format.ts';

const contributionColumns = (titles: Map<string, string>) => columns<CaseRisk['contributions'][number]>([
  {
    id: 'indicator',
    header: 'Indicator',
    cell: (c) => (
      <>
        <span className="mono">{c.indicator}</span> {titles.get(c.indicator) ?? ''}
      </>
    ),
  },
  { id: 'status', header: 'Status', cell: (c) => ASSESSMENT_LABELS[c.status] },
  { id: 'weight', header: 'Weight', cell: (c) => c.weight },
  {
    id: 'points',
    header: 'Points',
    cell: (c) => (
      <>
        <span className="contribution-bar" style={{ width: `${Math.min(100, c.points)}%` }} />
        {c.points}
      </>
    ),
  },
]);

/** The case's risk score, its band and what contributes to it. */
export function RiskCard({ risk, titles }: { risk: CaseRisk; titles: Map<string, string> }) {
  return (
    <section className="card risk-card" aria-label="Risk score">
      <div className="risk-headline">
        <span className="risk-score" data-testid="risk-score">{risk.score}</span>
        <span className={`badge band-${risk.band}`} data-testid="risk-band">{risk.band}</span>
        <span className="muted">
          of 100 · catalog v{risk.catalogVersion}
          {risk.computedAt && ` · computed ${formatTime(risk.computedAt)}`}
        </span>
      </div>
      <p className="muted">
        Points = weight × 1 for a present indicator, × 0.5 for an inconclusive one; score = the sum, capped at 100. Bands: low &lt; {BAND_FLOORS.medium} ≤ medium &lt; {BAND_FLOORS.high} ≤ high &lt; {BAND_FLOORS.critical} ≤ critical.
        {risk.capped && ' The sum exceeds 100, so the score is capped.'} Weights are set on the <a href="#/settings">Settings</a> page.
      </p>
      {risk.contributions.length === 0 ? (
        <p className="muted">No indicator contributes yet.</p>
      ) : (
        <DataTable label="Score contributions" rows={risk.contributions} cols={contributionColumns(titles)} rowKey={(c) => c.indicator} />
      )}
    </section>
  );
}


import type { ReactNode } from 'react';
import type { Hit } from '../../../../shared/sanctions/types.ts';

const pct = (score: number) => score.toFixed(3);

/** Hits best first: who is listed, what matched, the score and why. */
export function HitsTable<H extends Hit>({ hits, label, extra }: { hits: H[]; label: string; extra?: { header: string; cell: (h: H) => ReactNode } }) {
  if (hits.length === 0) return <p className="muted">No match at or above the threshold.</p>;
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th>Score</th>
          <th>Listed as</th>
          <th>ent_num</th>
          <th>Programs</th>
          <th>Matched</th>
          <th>Why</th>
          {extra && <th>{extra.header}</th>}
        </tr>
      </thead>
      <tbody>
        {hits.map((h, i) => (
          <tr key={`${h.ent_num}-${h.matched}-${i}`} data-testid="sanctions-hit">
            <td className="mono">{pct(h.score)}</td>
            <td>
              {h.name} <span className="muted">({h.type})</span>
            </td>
            <td className="mono">{h.ent_num}</td>
            <td>{h.programs.join(', ')}</td>
            <td className={h.matchedKind === 'identifier' ? 'mono' : ''}>{h.matched}</td>
            <td>{h.why}</td>
            {extra && <td>{extra.cell(h)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import type { ReactNode } from 'react';
import type { Hit } from '../../../../shared/sanctions/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { showInvisible } from '../../../../shared/text.ts';

const pct = (score: number) => score.toFixed(3);

/** Hits best first: who is listed, what matched, the score and why. */
export function HitsTable<H extends Hit>({ hits, label, extra }: { hits: H[]; label: string; extra?: { header: string; cell: (h: H) => ReactNode } }) {
  const cols: Column<H & { i: number }>[] = [
    { id: 'score', header: 'Score', className: 'mono', cell: (h) => pct(h.score) },
    {
      id: 'name',
      header: 'Listed as',
      cell: (h) => (
        <>
          {showInvisible(h.name)} <span className="muted">({h.type})</span>
        </>
      ),
    },
    { id: 'ent', header: 'Entry no.', className: 'mono', cell: (h) => h.ent_num },
    { id: 'programs', header: 'Programs', cell: (h) => h.programs.join(', ') },
    { id: 'matched', header: 'Matched', className: (h) => (h.matchedKind === 'identifier' ? 'mono' : undefined), cell: (h) => h.matched },
    {
      id: 'why',
      header: 'Why',
      cell: (h) => (
        <>
          {h.why}
          {h.whyDetails && (
            <details className="why-details">
              <summary>How the score was measured</summary>
              {h.whyDetails}
            </details>
          )}
        </>
      ),
    },
    ...(extra ? [{ id: 'extra', header: extra.header, cell: (h: H) => extra.cell(h) }] : []),
  ];
  const rows = hits.map((h, i) => ({ ...h, i }));
  return <DataTable label={label} rows={rows} cols={cols} rowKey={(h) => `${h.ent_num}-${h.matched}-${h.i}`} rowTestId="sanctions-hit" empty={<p className="muted">No match at or above the threshold.</p>} />;
}

import { useState } from 'react';
import type { ExposureReport } from '../../../../shared/contract/legal.ts';
import { CELL_KEYS, CELL_RULES, DISCLAIMER, formatUsd, type CellKey } from '../../../../shared/legal/exposure.ts';
import { FACTORS_NOTE } from '../../../../shared/legal/factors.ts';
import { formatPaymentAmount } from '../../../../shared/payments.ts';
import { Notice } from '../../components/Notice.tsx';
import { Field } from '../../components/Field.tsx';
import { columns, DataTable } from '../../components/DataTable.tsx';

const usd = (cents: number | null) => (cents === null ? '—' : formatUsd(cents));
type YesNo = 'auto' | 'yes' | 'no';
export const toBool = (v: YesNo): boolean | undefined => (v === 'auto' ? undefined : v === 'yes');

/** Short column heads for the four cells. */
const CELL_SHORT: Record<CellKey, string> = {
  non_egregious_vsd: 'Not egregious, self-disclosed',
  non_egregious_no_vsd: 'Not egregious, not disclosed',
  egregious_vsd: 'Egregious, self-disclosed',
  egregious_no_vsd: 'Egregious, not disclosed',
};

/** The four cells of the base penalty matrix, one row each: the cell, its rule, its total. */
const CELL_ROWS = CELL_KEYS.map((key) => ({ key }));
const cellColumns = (x: ExposureReport) =>
  columns<{ key: CellKey }>([
    {
      id: 'cell',
      header: 'Cell of the base penalty matrix (31 CFR 501 App. A, V.B.2.a)',
      cell: ({ key }) => (
        <>
          {CELL_RULES[key].label}
          {key === x.cell && <span className="badge">chosen</span>}
        </>
      ),
    },
    { id: 'rule', header: 'Rule', className: 'muted', cell: ({ key }) => CELL_RULES[key].rule },
    { id: 'total', header: 'Total base penalty', headerClassName: 'num', className: 'num mono', cell: ({ key }) => usd(x.cells[key]) },
  ]);

type Line = ExposureReport['lines'][number];
type Payment = ExposureReport['payments'][number];

/** One payment within its limitation period and valued in USD: its value, its maximum, each cell. */
const lineColumns = (x: ExposureReport, byId: Map<number, Payment>) =>
  columns<Line>([
    { id: 'date', header: 'Date', className: 'mono', cell: (l) => l.paidOn },
    { id: 'payee', header: 'Payee', cell: (l) => byId.get(l.id)?.payeeName ?? `#${l.id}` },
    { id: 'usd', header: 'USD value', headerClassName: 'num', className: 'num mono', cell: (l) => usd(l.usdCents) },
    { id: 'max', header: 'Applicable maximum', headerClassName: 'num', className: 'num mono', cell: (l) => usd(l.applicableMaximumCents) },
    ...CELL_KEYS.map((k) => ({
      id: k,
      header: CELL_SHORT[k],
      headerClassName: `num${k === x.cell ? ' chosen' : ''}`,
      className: `num mono${k === x.cell ? ' chosen' : ''}`,
      cell: (l: Line) => usd(l.cells?.[k] ?? null),
    })),
    {
      id: 'limitation',
      header: 'Limitation ends',
      className: 'mono',
      cell: (l) => (
        <>
          {l.limitation.ends} <span className="muted">({l.limitation.years} y)</span>
        </>
      ),
    },
  ]);

export function useCulpabilityChoice() {
  const [egregious, setEgregious] = useState<YesNo>('auto');
  const [vsd, setVsd] = useState<YesNo>('auto');
  return { egregious, setEgregious, vsd, setVsd, choice: { eg: toBool(egregious), vs: toBool(vsd) } };
}

/**
 * The worksheet: the four cells of the base penalty matrix side by side (the chosen one marked),
 * per payment and in total, with the applicable maximum of each payment. Time-barred and
 * unconverted payments are listed apart and are in no total.
 */
export function ExposurePanel({ x, culpability }: { x: ExposureReport | undefined; culpability: ReturnType<typeof useCulpabilityChoice> }) {
  const { egregious, setEgregious, vsd, setVsd } = culpability;
  const byId = new Map((x?.payments ?? []).map((p) => [p.id, p]));
  const counted = x?.lines.filter((l) => l.counted) ?? [];
  const barred = x?.lines.filter((l) => l.usdCents !== null && !l.timely) ?? [];
  return (
    <section aria-labelledby="exposure-heading">
      <h2 id="exposure-heading">Sanctions exposure worksheet</h2>
      <div className="disclaimer" role="note">
        {DISCLAIMER}
      </div>
      <div className="field-row exposure-controls">
        <Field label="Egregious">
          <select id="exp-egregious" value={egregious} onChange={(e) => setEgregious(e.target.value as YesNo)}>
            <option value="auto">{x ? `As reviewed (${x.culpability.egregious ? 'yes' : 'no'})` : 'As reviewed'}</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </Field>
        <Field label="Voluntarily self-disclosed">
          <select id="exp-vsd" value={vsd} onChange={(e) => setVsd(e.target.value as YesNo)}>
            <option value="auto">{x ? `As reviewed (${x.culpability.voluntarilySelfDisclosed ? 'yes' : 'no'})` : 'As reviewed'}</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </Field>
      </div>
      {x && (
        <>
          <p className="muted">
            Culpability from {x.culpabilitySource === 'review' ? `counsel's review #${x.reviewId}` : x.culpabilitySource === 'input' ? 'the choice above' : 'the default (not egregious, not self-disclosed)'}; assessed as of {x.asOf}.
            The dated IEEPA amount in force then is {usd(x.statutoryMaximum.amountCents)} (from {x.statutoryMaximum.effectiveFrom}); each payment's applicable maximum is the
            greater of that amount and twice its value (31 CFR 510.701(a)(2)).
          </p>
          <DataTable
            label="Base penalty by cell"
            className="exposure-cells"
            rows={CELL_ROWS}
            cols={cellColumns(x)}
            rowKey={(r) => r.key}
            rowTestId="exposure-cell"
            rowClassName={(r) => (r.key === x.cell ? 'chosen' : undefined)}
          />
          <p className="muted">{FACTORS_NOTE}</p>
          {counted.length === 0 ? (
            <p className="muted">No payment is both valued in USD and within its limitation period.</p>
          ) : (
            <DataTable
                label="Exposure"
                scrollLabel="Exposure per payment, all four cells"
                rows={counted}
                cols={lineColumns(x, byId)}
                rowKey={(l) => String(l.id)}
                rowTestId="exposure-line"
                footer={
                  <tr>
                    <th colSpan={2}>Total ({counted.length})</th>
                    <td className="num mono">{usd(x.totalUsdCents)}</td>
                    <td className="num mono">{usd(x.totalCeilingCents)}</td>
                    {CELL_KEYS.map((k) => (
                      <td key={k} className={`num mono${k === x.cell ? ' chosen' : ''}`}>
                        {usd(x.cells[k])}
                      </td>
                    ))}
                    <td />
                  </tr>
                }
              />
          )}
          {barred.length > 0 && (
            <Notice kind="info">
              Time-barred on {x.asOf} and left out of the totals: {barred.map((l) => `${l.paidOn} (${usd(l.usdCents)}, could be penalised until ${l.limitation.ends})`).join('; ')}.
            </Notice>
          )}
          {x.unconverted.length > 0 && (
            <Notice kind="warning">
              Left out of the totals, without a USD value:{' '}
              {x.unconverted
                .map((u) => {
                  const p = byId.get(u.id);
                  const what = p ? `${formatPaymentAmount(p)} on ${p.paidOn}` : `payment ${u.id}`;
                  return u.reason === 'stale rate' ? `${what} (the latest rate, of ${p?.rateDate ?? '—'}, is more than ${x.rateMaxAgeDays} days older)` : `${what} (no rate entered)`;
                })
                .join('; ')}
              .
            </Notice>
          )}
        </>
      )}
    </section>
  );
}

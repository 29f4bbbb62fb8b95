import { useState } from 'react';
import type { ExposureReport } from '../../../../shared/contract/legal.ts';
import type { ExposureLine } from '../../../../shared/legal/exposure.ts';
import { DISCLAIMER, formatUsd } from '../../../../shared/legal/exposure.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useApi } from '../../hooks.ts';
import { RatesPanel } from './CounselPanels.tsx';

const usd = (cents: number | null) => (cents === null ? '—' : formatUsd(cents));
type YesNo = 'auto' | 'yes' | 'no';
const toBool = (v: YesNo): boolean | undefined => (v === 'auto' ? undefined : v === 'yes');

/**
 * The worksheet, one row per payment, in three groups: payments within the limitation period (the
 * totals), time-barred ones and ones without a USD value, each shown apart and left out of the totals.
 */
function Worksheet({ x }: { x: ExposureReport }) {
  const payee = new Map(x.payments.map((p) => [p.id, p.payeeName]));
  const money = (id: string, header: string, f: (l: ExposureLine) => number | null) => ({
    id,
    header,
    headerClassName: 'num',
    className: 'num mono',
    cell: (l: ExposureLine) => (l.usdCents === null ? <span className="muted">no rate</span> : usd(f(l))),
  });
  const cols = columns<ExposureLine>([
    { id: 'date', header: 'Date', className: 'mono', cell: (l) => l.paidOn },
    { id: 'payee', header: 'Payee', cell: (l) => payee.get(l.id) ?? `#${l.id}` },
    money('usd', 'USD value', (l) => l.usdCents),
    money('schedule', 'Schedule amount', (l) => l.scheduleCents),
    money('base', 'Base penalty', (l) => l.basePenaltyCents),
    money('ceiling', 'Ceiling', (l) => l.ceilingCents),
    {
      id: 'limitation',
      header: 'Limitation ends',
      className: 'mono',
      cell: (l) => (
        <>
          {l.limitation.ends} <span className="muted">({l.limitation.years} y{l.timely ? '' : ', ended'})</span>
        </>
      ),
    },
  ]);
  const counted = x.lines.filter((l) => l.timely && l.usdCents !== null);
  const barred = x.lines.filter((l) => !l.timely && l.usdCents !== null);
  const unvalued = x.lines.filter((l) => l.usdCents === null);
  // The sums of the core's per-payment figures over the counted rows only.
  const sum = (f: (l: ExposureLine) => number | null) => counted.reduce((s, l) => s + (f(l) ?? 0), 0);
  const groups = [
    { key: 'counted', label: `Within the limitation period (${counted.length})`, rows: counted },
    ...(barred.length ? [{ key: 'barred', label: `Time-barred: the limitation period has ended; not in the totals (${barred.length})`, rows: barred }] : []),
    ...(unvalued.length ? [{ key: 'unvalued', label: `No exchange rate: no USD value; not in the totals (${unvalued.length})`, rows: unvalued }] : []),
  ];
  const footer = (
    <tr>
      <th colSpan={2}>Total, within the limitation period</th>
      <td className="num mono">{usd(sum((l) => l.usdCents))}</td>
      <td />
      <td className="num mono">{usd(sum((l) => l.basePenaltyCents))}</td>
      <td className="num mono">{usd(sum((l) => l.ceilingCents))}</td>
      <td />
    </tr>
  );
  return (
    <DataTable
      label="Exposure"
      groups={groups}
      cols={cols}
      rowKey={(l) => String(l.id)}
      rowTestId="exposure-line"
      rowClassName={(l) => (l.usdCents === null ? 'unconverted' : l.timely ? undefined : 'time-barred')}
      footer={footer}
    />
  );
}

/** Exchange rates the worksheet lacks, then the worksheet, with culpability as reviewed or as chosen here. */
export function ExposurePanel({ number, refresh, onChanged }: { number: string; refresh: number; onChanged: () => void }) {
  const [egregious, setEgregious] = useState<YesNo>('auto');
  const [vsd, setVsd] = useState<YesNo>('auto');
  const eg = toBool(egregious);
  const vs = toBool(vsd);
  const exposure = useApi('legal.exposure', { number, ...(eg !== undefined && { egregious: eg }), ...(vs !== undefined && { voluntarilySelfDisclosed: vs }) }, refresh);
  const x = exposure.data;
  return (
    <>
      <RatesPanel missing={x?.missingRates ?? []} onChanged={onChanged} />
      <section aria-labelledby="exposure-heading">
        <h2 id="exposure-heading">Sanctions exposure worksheet</h2>
        <ErrorNotice error={exposure.error} />
        <div className="disclaimer" role="note">
          {DISCLAIMER}
        </div>
        <div className="field-row exposure-controls">
          <Field label="Egregious">
            <select value={egregious} onChange={(e) => setEgregious(e.target.value as YesNo)}>
              <option value="auto">{x ? `As reviewed (${x.culpability.egregious ? 'yes' : 'no'})` : 'As reviewed'}</option>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          </Field>
          <Field label="Voluntarily self-disclosed">
            <select value={vsd} onChange={(e) => setVsd(e.target.value as YesNo)}>
              <option value="auto">{x ? `As reviewed (${x.culpability.voluntarilySelfDisclosed ? 'yes' : 'no'})` : 'As reviewed'}</option>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          </Field>
        </div>
        {x && (
          <>
            <p className="muted">
              Culpability from {x.culpabilitySource === 'review' ? `counsel's review #${x.reviewId}` : x.culpabilitySource === 'input' ? 'the choice above' : 'the default (not egregious, not self-disclosed)'}; assessed as of{' '}
              {x.asOf}.
            </p>
            {x.lines.length === 0 ? <p className="muted">No payments to assess.</p> : <Worksheet x={x} />}
            <dl className="exposure-summary">
              <dt>Base penalty, payments within the limitation period</dt>
              <dd className="mono">{usd(x.timelyBasePenaltyCents)}</dd>
              <dt>Statutory maximum per violation</dt>
              <dd className="mono">
                {usd(x.statutoryMaximum.amountCents)} <span className="muted">(effective {x.statutoryMaximum.effectiveFrom})</span>
              </dd>
              <dt>Ceiling (greater of the statutory maximum and twice the value, per payment)</dt>
              <dd className="mono">{usd(x.totalCeilingCents)}</dd>
            </dl>
            {(x.unconverted.length > 0 || x.missingRates.length > 0) && (
              <Notice kind="warning">
                {x.unconverted.length} payment(s) have no USD value and are left out of the totals. Enter exchange rates for: {x.missingRates.map((m) => `${m.currency} on ${m.date}`).join(', ')}.
              </Notice>
            )}
          </>
        )}
      </section>
    </>
  );
}

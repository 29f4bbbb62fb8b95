import { useState, type FormEvent } from 'react';
import { CATEGORIES, type Indicator } from '../../../../shared/indicators/catalog.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useApi } from '../../hooks.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';

/** Red-flag weights: points each present indicator adds to the risk score, against the catalog's defaults. */
export function WeightsSection({ onSaved }: { onSaved: () => void }) {
  const catalog = useApi('indicators.catalog', {});
  const weights = useApi('indicators.weights', {});
  const [edits, setEdits] = useState<Record<string, string>>({});
  const { run, busy, notices } = useAction(onSaved);

  if (catalog.error || weights.error) return <ErrorNotice error={catalog.error ?? weights.error} />;
  if (!catalog.data || !weights.data) return <p className="muted">Loading…</p>;
  const { weights: current, defaults } = weights.data;
  const changes = Object.fromEntries(
    Object.entries(edits)
      .filter(([id, v]) => v.trim() !== '' && Number(v) !== current[id])
      .map(([id, v]) => [id, Number(v)]),
  );
  const invalid = Object.entries(edits).filter(([, v]) => v.trim() === '' || !Number.isInteger(Number(v)) || Number(v) < 0 || Number(v) > 100).map(([id]) => id);

  const save = (input: { weights: Record<string, number>; reset?: boolean }) =>
    run(async () => {
      const r = await api('indicators.setWeights', input);
      setEdits({});
      weights.reload();
      return `${input.reset ? 'Weights reset to the defaults' : 'Weights saved'}; ${r.rescored} case(s) rescored. The change is in the audit log below.`;
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save({ weights: changes });
  };
  const byCategory = Object.entries(CATEGORIES).map(([key, label]) => ({ key, label, indicators: catalog.data!.indicators.filter((i) => i.category === key) }));

  const valueOf = (i: Indicator) => edits[i.id] ?? String(current[i.id] ?? defaults[i.id]);
  const weightColumns = columns<Indicator>([
    { id: 'id', header: 'Indicator', className: 'mono', cell: (i) => i.id },
    { id: 'title', header: 'Title', cell: (i) => i.title },
    { id: 'default', header: 'Default', headerClassName: 'num', className: 'num muted', cell: (i) => defaults[i.id] },
    {
      id: 'weight',
      header: 'Weight',
      headerClassName: 'num',
      className: 'num',
      cell: (i) => (
        <input
          type="number" min={0} max={100} step={1} className="settings-number" aria-label={`Weight of ${i.id}`} aria-invalid={invalid.includes(i.id)}
          value={valueOf(i)} onChange={(e) => setEdits({ ...edits, [i.id]: e.target.value })}
        />
      ),
    },
  ]);

  return (
    <form className="form settings-section" aria-label="Red-flag weights" onSubmit={submit}>
      <p className="muted">
        Points a present indicator adds to the risk score (0–100 each). Every case not closed or locked is rescored when a weight changes; closed and locked cases keep the score and weights they recorded.
      </p>
      <DataTable
        label="Weights"
        className="settings-table"
        groups={byCategory.map((c) => ({ key: c.key, label: c.label, rows: c.indicators }))}
        cols={weightColumns}
        rowKey={(i) => i.id}
        rowClassName={(i) => (Number(valueOf(i)) !== defaults[i.id] ? 'settings-changed' : undefined)}
      />
      {invalid.length > 0 && <Notice kind="warning">A weight is a whole number from 0 to 100: check {invalid.join(', ')}.</Notice>}
      {notices}
      <div className="actions">
        <button type="button" className="button" disabled={busy} onClick={() => void save({ weights: {}, reset: true })}>
          Reset all to defaults
        </button>
        <button type="submit" className="button primary" disabled={busy || invalid.length > 0 || Object.keys(changes).length === 0}>
          Save weights{Object.keys(changes).length > 0 && ` (${Object.keys(changes).length})`}
        </button>
      </div>
    </form>
  );
}

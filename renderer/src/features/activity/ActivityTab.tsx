import { useState } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import type { Finding, ImportRecord } from '../../../../shared/activity/types.ts';
import { api } from '../../api.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useJob } from '../../components/useJob.ts';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import type { CaseTabProps } from '../cases/caseTab.ts';
import '../indicators/indicators.css';
import { ActivityImport } from './ActivityImport.tsx';
import { FindingsTable } from './Findings.tsx';
import { ActivityHeatmap } from './Heatmap.tsx';
import { DevicesImport } from './DevicesImport.tsx';
import { Field } from '../../components/Field.tsx';

const importColumns = columns<ImportRecord>([
  { id: 'file', header: 'File', cell: (i) => i.fileName },
  { id: 'exhibit', header: 'Exhibit', className: 'mono', cell: (i) => i.exhibit },
  { id: 'events', header: 'Events', cell: (i) => i.events },
  { id: 'skipped', header: 'Skipped', cell: (i) => i.skipped },
  { id: 'zone', header: 'Zone', cell: (i) => i.zone ?? '—' },
  {
    id: 'by',
    header: 'By',
    cell: (i) => (
      <>
        {i.importedBy}
        <div className="muted">{formatTime(i.importedAt)}</div>
      </>
    ),
  },
]);

export function ActivityTab({ record, onChanged }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const [refresh, setRefresh] = useState(0);
  const findings = useApi('activity.findings', { number }, refresh);
  const imports = useApi('activity.imports', { number }, refresh);
  const subjects = useApi('subjects.list', { number });
  const [account, setAccount] = useState('');
  const heatmap = useApi('activity.heatmap', account ? { number, account } : { number }, refresh);
  const changed = () => {
    setRefresh((n) => n + 1);
    onChanged();
  };
  /** Runs the detectors again over every stored event, e.g. after thresholds or range lists changed. */
  const analyse = useJob<Finding[]>('analysing');
  const decide = useAction(changed);

  const [analyseZone, setAnalyseZone] = useState('');
  const analyseAgain = async () => {
    if (await analyse.start((jobId) => api('activity.analyse', { number, jobId, ...(analyseZone.trim() && { zone: analyseZone.trim() }) }))) changed();
  };

  const list = findings.data ?? [];
  const importList = imports.data ?? [];
  return (
    <div className="activity-tab">
      <ErrorNotice error={analyse.error ?? decide.error ?? findings.error} onClose={() => (analyse.setError(null), decide.setError(null))} />
      {!readOnly && <ActivityImport number={number} subjects={subjects.data ?? []} busy={analyse.running} onImported={() => setRefresh((n) => n + 1)} />}
      {!readOnly && <DevicesImport number={number} busy={analyse.running} onImported={changed} />}

      <h2>Findings</h2>
      {!readOnly && importList.length > 0 && (
        <div className="field-row analyse-row">
          <Field label="Claimed time zone (optional)">
            <input value={analyseZone} placeholder="e.g. Asia/Seoul" onChange={(e) => setAnalyseZone(e.target.value)} />
          </Field>
          <button type="button" className="button" disabled={analyse.running} onClick={() => void analyseAgain()}>
            Analyse again
          </button>
          <span className="muted">Runs the detectors over every stored event with the current thresholds and range lists; a zone given here becomes the claimed zone of all this case’s login records.</span>
        </div>
      )}
      {analyse.running && <ProgressBar progress={analyse.progress} {...(analyse.cancel && { onCancel: analyse.cancel })} />}
      {analyse.result && (
        <Notice kind="success" onClose={() => analyse.setResult(null)}>
          Analysed again: {analyse.result.length} finding{analyse.result.length === 1 ? '' : 's'}. Accepted and dismissed findings keep their decisions.
        </Notice>
      )}
      {list.length === 0 ? (
        <p className="muted">
          No findings. Import login records or company devices to run the detectors; their thresholds, the GeoIP database and the IP range lists are on the <a href="#/settings">Settings</a> page.
        </p>
      ) : (
        <FindingsTable
          findings={list}
          readOnly={readOnly}
          onAccept={(f) => void decide.run(async () => (await api('activity.accept', { number, finding: f.id }), ''))}
          onDismiss={(f, reason) => void decide.run(async () => (await api('activity.dismiss', { number, finding: f.id, reason }), ''))}
        />
      )}

      <h2>Activity hours</h2>
      {heatmap.data && heatmap.data.total > 0 ? (
        <>
          <Field label="Account" className="inline">
            <select value={account} onChange={(e) => setAccount(e.target.value)}>
              <option value="">All accounts</option>
              {heatmap.data.accounts.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </Field>
          <ActivityHeatmap cells={heatmap.data.cells} zone={heatmap.data.zone} />
        </>
      ) : (
        <p className="muted">No login records yet.</p>
      )}

      {importList.length > 0 && (
        <>
          <h2>Imports</h2>
          <DataTable label="Imports" rows={importList} cols={importColumns} rowKey={(i) => String(i.id)} />
        </>
      )}
    </div>
  );
}

import { useState } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { humanSize, type AddExhibitsResult, type EvidenceVerifyResult, type Exhibit } from '../../../../shared/evidence.ts';
import { api } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useAction } from '../../components/useAction.tsx';
import { useJob } from '../../components/useJob.ts';
import { useApi } from '../../hooks.ts';
import type { CaseTabProps } from '../cases/caseTab.ts';
import { ExhibitActionPanel, type ExhibitAction } from './ExhibitActions.tsx';
import { ExhibitDetail, type ExhibitDetailView } from './ExhibitDetail.tsx';
import { ExhibitsTable } from './ExhibitsTable.tsx';
import { EvidenceForms } from './EvidenceForms.tsx';
import { EvidenceUpload } from './EvidenceUpload.tsx';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function VerifyNotice({ verify, onClose }: { verify: EvidenceVerifyResult; onClose: () => void }) {
  return (
    <Notice kind={verify.ok ? 'success' : 'error'} onClose={onClose}>
      {verify.ok
        ? `All ${plural(verify.exhibits, 'exhibit')} verified: ${plural(verify.files, 'stored file')}, ${humanSize(verify.bytes)}, hashes match.`
        : `${plural(verify.findings.length, 'problem')} in ${verify.exhibits} exhibits:`}
      {verify.findings.length > 0 && (
        <ul aria-label="Verification findings">
          {verify.findings.map((f) => (
            <li key={`${f.exhibit}:${f.problem}`}>
              <strong>{f.exhibit}</strong> {f.problem}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </Notice>
  );
}

function AddedNotice({ result, onClose }: { result: AddExhibitsResult; onClose: () => void }) {
  return (
    <Notice kind="success" onClose={onClose}>
      {result.added.length ? `Added ${result.added.map((x) => x.number).join(', ')}.` : 'No new exhibit.'}
      {result.duplicates.length > 0 && ` Already in this case: ${result.duplicates.map((d) => `${d.name} (${d.exhibit})`).join(', ')}.`}
    </Notice>
  );
}

export function EvidenceTab({ record }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const [refresh, setRefresh] = useState(0);
  const reload = () => setRefresh((n) => n + 1);
  const list = useApi('evidence.list', { number }, refresh);
  const subjects = useApi('subjects.list', { number }, refresh);
  const upload = useJob<AddExhibitsResult>();
  const verify = useJob<EvidenceVerifyResult>();
  const detail = useJob<ExhibitDetailView>();
  const link = useAction(reload);
  const [acting, setActing] = useState<{ exhibit: string; action: ExhibitAction } | null>(null);
  const busy = upload.running || verify.running || detail.running || link.busy;
  const job = upload.running ? upload : verify;

  const showCustody = (exhibit: string) => {
    setActing(null);
    void detail.start(async () => ({ exhibit, show: 'custody', custody: await api('evidence.custody', { number, exhibit }) }));
  };
  const showPreview = (exhibit: string) => {
    setActing(null);
    void detail.start(async () => ({ exhibit, show: 'preview', preview: await api('evidence.view', { number, exhibit }) }));
  };
  const act = (exhibit: string, action: ExhibitAction) => {
    detail.setResult(null);
    setActing({ exhibit, action });
  };
  const linkSubject = (exhibit: string, subjectId: number) =>
    void link.run(async () => {
      const x = await api('evidence.linkSubject', { number, exhibit, subjectId });
      return `Linked ${x.number} to ${x.subjects.find((s) => s.id === subjectId)?.name ?? 'the subject'}.`;
    });

  const exhibits: Exhibit[] = list.data ?? [];
  const error = list.error ?? upload.error ?? verify.error ?? detail.error;
  const clearError = () => [upload, verify, detail].forEach((j) => j.setError(null));

  return (
    <div className="evidence-tab">
      <ErrorNotice error={error} onClose={clearError} />
      {readOnly && <Notice kind="info">This case is {record.locked ? 'locked' : 'closed'}: exhibits can be read and verified but not added.</Notice>}
      <ProgressBar progress={job.progress} {...(job.cancel && { onCancel: job.cancel })} />
      {upload.result && <AddedNotice result={upload.result} onClose={() => upload.setResult(null)} />}

      <div className="evidence-toolbar">
        <h2>Exhibits</h2>
        <button type="button" className="button" onClick={() => void verify.start((jobId) => api('evidence.verify', { number, jobId }))} disabled={busy || exhibits.length === 0}>
          Verify exhibits
        </button>
      </div>
      {link.notices}
      {verify.result && <VerifyNotice verify={verify.result} onClose={() => verify.setResult(null)} />}

      {exhibits.length === 0 && !list.loading ? (
        <p className="muted">No exhibits yet.</p>
      ) : (
        <ExhibitsTable exhibits={exhibits} subjects={subjects.data ?? []} readOnly={readOnly} busy={busy} onLink={linkSubject} onPreview={showPreview} onCustody={showCustody} onAction={act} />
      )}

      {detail.result && <ExhibitDetail view={detail.result} onClose={() => detail.setResult(null)} onExport={() => act(detail.result!.exhibit, 'export')} />}
      {acting && exhibits.some((x) => x.number === acting.exhibit) && (
        <ExhibitActionPanel key={`${acting.exhibit}:${acting.action}`} number={number} x={exhibits.find((x) => x.number === acting.exhibit)!} action={acting.action} onClose={() => setActing(null)} onChanged={reload} />
      )}
      <EvidenceUpload number={number} disabled={readOnly || busy} job={upload} onAdded={reload} />
      <EvidenceForms number={number} disabled={readOnly || busy} onAdded={reload} />
    </div>
  );
}

import { useState, type FormEvent } from 'react';
import { KIND_LABELS } from '../../../../shared/identifiers.ts';
import type { IdentifierRecord } from '../../../../shared/subjects.ts';
import { showInvisible } from '../../../../shared/text.ts';

/** "also in CB-…" links for one identifier. */
function AlsoIn({ identifier }: { identifier: IdentifierRecord }) {
  if (identifier.links.length === 0) return null;
  const cases = [...new Map(identifier.links.map((l) => [l.caseNumber, l])).values()];
  return (
    <span className="also-in">
      also in{' '}
      {cases.map((l, i) => (
        <span key={l.caseNumber}>
          {i > 0 && ', '}
          <a href={`#/case/${l.caseNumber}/subjects`} className="mono" title={`${l.caseTitle}${l.subjectName ? ` — ${l.subjectName}` : ''}`}>
            {l.caseNumber}
          </a>
        </span>
      ))}
    </span>
  );
}

export type RemoveProps = { canRemove: boolean; onRemove: (i: IdentifierRecord, reason: string) => Promise<boolean> };

/** One identifier: its kind and value, where else it is seen, and Remove with a reason. */
export function IdentifierRow({ identifier, canRemove, onRemove }: { identifier: IdentifierRecord } & RemoveProps) {
  const [reason, setReason] = useState<string | null>(null);
  const remove = async (e: FormEvent) => {
    e.preventDefault();
    if (reason !== null && (await onRemove(identifier, reason))) setReason(null);
  };
  return (
    <li className="identifier" data-testid="identifier">
      <span className="badge">{KIND_LABELS[identifier.kind]}</span> <span className="mono">{showInvisible(identifier.display)}</span>
      {identifier.value !== identifier.display && <span className="muted"> · compared as <span className="mono">{identifier.value}</span></span>}
      {identifier.qualifier && <span className="muted"> ({identifier.qualifier})</span>}
      {identifier.evidence && <span className="muted"> · seen in {identifier.evidence}</span>} <AlsoIn identifier={identifier} />
      {canRemove && reason === null && (
        <button type="button" className="button link" onClick={() => setReason('')} aria-label={`Remove ${identifier.display}`}>
          Remove…
        </button>
      )}
      {reason !== null && (
        <form className="remove-identifier" aria-label={`Remove ${identifier.display}`} onSubmit={(e) => void remove(e)}>
          <input value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reason for removing" placeholder="Why (kept in the audit log)" required autoFocus />
          <button type="submit" className="button">
            Remove
          </button>
          <button type="button" className="button link" onClick={() => setReason(null)}>
            Cancel
          </button>
        </form>
      )}
    </li>
  );
}

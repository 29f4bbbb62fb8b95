import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { PathField } from '../../components/PathField.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';
import type { CidrList } from '../../../../shared/activity/types.ts';
import { Field } from '../../components/Field.tsx';

const KINDS = [
  { value: 'vpn', label: 'VPN exits' },
  { value: 'hosting', label: 'Hosting / data centre' },
  { value: 'remote_desktop', label: 'Remote desktop' },
  { value: 'company_egress', label: "Company's own VPN / office exits (never a red flag)" },
  { value: 'other', label: 'Other' },
] as const;
type Kind = (typeof KINDS)[number]['value'];

/** The range lists NA-04 checks addresses against: imported from a text file, one CIDR or address per line. */
const listColumns = columns<CidrList>([
  { id: 'name', header: 'Name', cell: (l) => l.name },
  { id: 'kind', header: 'Kind', cell: (l) => KINDS.find((k) => k.value === l.kind)?.label ?? l.kind },
  { id: 'ranges', header: 'Ranges', headerClassName: 'num', className: 'num', cell: (l) => l.ranges.toLocaleString() },
  {
    id: 'imported',
    header: 'Imported',
    cell: (l) => (
      <>
        {formatTime(l.importedAt)} <span className="muted">by {l.importedBy}</span>
      </>
    ),
  },
]);

export function CidrSection({ refresh, onSaved }: { refresh: number; onSaved: () => void }) {
  const lists = useApi('activity.cidrLists', {}, refresh);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('vpn');
  const [path, setPath] = useState('');
  const { run, busy, notices } = useAction(onSaved);
  const replacing = lists.data?.some((l) => l.name === name.trim()) ?? false;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api('activity.cidrImport', { name: name.trim(), kind, path: path.trim() });
      setName('');
      setPath('');
      return `${replacing ? 'Replaced' : 'Imported'} “${r.name}”: ${r.ranges.toLocaleString()} range(s). NA-04 uses it from the next import or re-analysis; the import is in the audit log below.`;
    });
  };

  return (
    <div className="settings-section">
      {lists.error && <ErrorNotice error={lists.error} />}
      {lists.data && lists.data.length === 0 && <p className="muted">No range list imported: NA-04 finds nothing until one is. Default: none.</p>}
      {lists.data && lists.data.length > 0 && (
        <DataTable label="Range lists" rows={lists.data} cols={listColumns} rowKey={(l) => String(l.id)} />
      )}
      <form className="form" aria-label="Import a range list" onSubmit={(e) => void submit(e)}>
        <div className="field-row">
          <Field label="List name">
            <input value={name} maxLength={100} placeholder="e.g. Commercial VPN exits" onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label="Kind">
            <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <PathField id="cidr-path" label="Range file (path; one CIDR or address per line, # comments)" mode="open" value={path} placeholder="/path/to/vpn-ranges.txt" onChange={setPath} filters={[{ name: 'Text', extensions: ['txt', 'csv', 'lst'] }]} />
        {replacing && <Notice kind="info">A list named “{name.trim()}” exists; importing replaces its ranges.</Notice>}
        {notices}
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || !name.trim() || !path.trim()}>
            {replacing ? 'Replace list' : 'Import list'}
          </button>
        </div>
      </form>
    </div>
  );
}

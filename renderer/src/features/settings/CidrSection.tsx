import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { PathField } from '../../components/PathField.tsx';
import { useApi } from '../../hooks.ts';
import { formatTime } from '../../format.ts';

const KINDS = [
  { value: 'vpn', label: 'VPN exits' },
  { value: 'hosting', label: 'Hosting / data centre' },
  { value: 'remote_desktop', label: 'Remote desktop' },
  { value: 'other', label: 'Other' },
] as const;
type Kind = (typeof KINDS)[number]['value'];

/** The range lists NA-04 checks addresses against: imported from a text file, one CIDR or address per line. */
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
        <table className="table" aria-label="Range lists">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th className="num">Ranges</th>
              <th>Imported</th>
            </tr>
          </thead>
          <tbody>
            {lists.data.map((l) => (
              <tr key={l.id}>
                <td>{l.name}</td>
                <td>{KINDS.find((k) => k.value === l.kind)?.label ?? l.kind}</td>
                <td className="num">{l.ranges.toLocaleString()}</td>
                <td>
                  {formatTime(l.importedAt)} <span className="muted">by {l.importedBy}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="form" aria-label="Import a range list" onSubmit={(e) => void submit(e)}>
        <div className="field-row">
          <label className="field">
            <span>List name</span>
            <input value={name} maxLength={100} placeholder="e.g. Commercial VPN exits" onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span>Kind</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
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

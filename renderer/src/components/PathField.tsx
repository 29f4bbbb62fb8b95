import { api } from '../api.ts';
import { useShellCapabilities } from './useShellCapabilities.ts';

type Props = {
  id: string;
  label: string;
  value: string;
  onChange: (path: string) => void;
  mode: 'open' | 'save' | 'folder';
  placeholder?: string;
  defaultName?: string;
  filters?: { name: string; extensions: string[] }[];
};

/**
 * A file path: typed, or chosen in the desktop app's native dialog. The path is handed to the
 * core as it is; the core never takes a file name from user text inside its own store.
 */
export function PathField({ id, label, value, onChange, mode, placeholder, defaultName, filters = [] }: Props) {
  const caps = useShellCapabilities();
  const browse = async () => {
    const { paths } = await api('shell.chooseFiles', { mode, title: label, filters, ...(defaultName && { defaultName }) });
    if (paths[0]) onChange(paths[0]);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="path-field">
        <input id={id} className="mono" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
        {caps?.chooseFiles && (
          <button type="button" className="button" onClick={() => void browse()}>
            {mode === 'save' ? 'Choose…' : 'Browse…'}
          </button>
        )}
      </div>
    </div>
  );
}

import { api } from '../api.ts';
import { useShellCapabilities } from './useShellCapabilities.ts';
import { shownPath } from './shownPath.ts';

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
 * A file path. In the desktop app it is chosen in the native dialog only (the app takes no typed
 * path: a path reaches the core only as a grant of the dialog), and the field shows the chosen
 * file's name; elsewhere (the browser harness) it is typed. The value handed to the core is the grant or
 * the typed path; the core never takes a file name from user text inside its own store.
 */
export function PathField({ id, label, value, onChange, mode, placeholder, defaultName, filters = [] }: Props) {
  const caps = useShellCapabilities();
  const dialog = caps?.chooseFiles === true;
  const browse = async () => {
    const { paths } = await api('shell.chooseFiles', { mode, title: label, filters, ...(defaultName && { defaultName }) });
    if (paths[0]) onChange(paths[0]);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="path-field">
        {dialog ? (
          <input
            id={id}
            className="mono"
            readOnly
            value={shownPath(value)}
            placeholder={mode === 'folder' ? 'No folder chosen' : 'No file chosen'}
            title={shownPath(value) || undefined}
            onClick={() => void browse()}
          />
        ) : (
          <input id={id} className="mono" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
        )}
        {dialog && (
          <button type="button" className="button" onClick={() => void browse()}>
            {mode === 'save' ? 'Choose…' : 'Browse…'}
          </button>
        )}
      </div>
    </div>
  );
}

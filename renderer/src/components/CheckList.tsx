import { useId, useState } from 'react';

export type CheckOption = { value: string; label: string; note?: string };

/**
 * A searchable checklist for choosing several items (indicators, exhibits): type to narrow the
 * list, tick what applies. Chosen items stay listed first and are counted.
 */
export function CheckList({ label, options, value, onChange, empty }: { label: string; options: CheckOption[]; value: string[]; onChange: (v: string[]) => void; empty?: string }) {
  const [query, setQuery] = useState('');
  const id = useId();
  const q = query.trim().toLowerCase();
  const shown = options.filter((o) => !q || `${o.value} ${o.label} ${o.note ?? ''}`.toLowerCase().includes(q));
  const toggle = (v: string, on: boolean) => onChange(on ? [...value, v] : value.filter((x) => x !== v));
  return (
    <fieldset className="checklist" aria-describedby={`${id}-count`}>
      <legend>{label}</legend>
      {options.length === 0 ? (
        <p className="muted">{empty ?? 'Nothing to choose from yet.'}</p>
      ) : (
        <>
          <input type="search" className="checklist-search" aria-label={`Search ${label.toLowerCase()}`} placeholder="Type to search…" value={query} onChange={(e) => setQuery(e.target.value)} />
          <div className="checklist-items">
            {shown.map((o) => (
              <label key={o.value} className="checklist-item">
                <input type="checkbox" checked={value.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
                <span>
                  <span className="mono">{o.value}</span> {o.label}
                  {o.note && <span className="muted"> — {o.note}</span>}
                </span>
              </label>
            ))}
            {shown.length === 0 && <p className="muted">Nothing matches “{query}”.</p>}
          </div>
          <small id={`${id}-count`} className="muted">
            {value.length === 0 ? 'None chosen.' : `${value.length} chosen: ${value.join(', ')}.`}
          </small>
        </>
      )}
    </fieldset>
  );
}

import { useState, type FormEvent } from 'react';
import { DEFAULT_ACTIVITY_SETTINGS, type ActivitySettings } from '../../../../shared/activity/fields.ts';
import { api } from '../../api.ts';
import { ErrorNotice } from '../../components/Notice.tsx';
import { useAction } from '../../components/useAction.tsx';
import { PathField } from '../../components/PathField.tsx';
import type { Loaded } from '../../hooks.ts';
import { columns, DataTable } from '../../components/DataTable.tsx';

type NumericKey = Exclude<keyof ActivitySettings, 'geoipPath' | 'na08HighRiskCountries'>;

/** Each detector threshold, in the words of the rule it belongs to. */
type Threshold = { key: NumericKey; rule: string; label: string; unit: string; step: number };
export const THRESHOLDS: Threshold[] = [
  { key: 'na01Countries', rule: 'NA-01', label: 'Countries for one account', unit: 'countries', step: 1 },
  { key: 'na01CountryWindowHours', rule: 'NA-01', label: '… within', unit: 'hours', step: 0.25 },
  { key: 'na01Ips', rule: 'NA-01', label: 'IP addresses for one account', unit: 'IPs', step: 1 },
  { key: 'na01IpWindowMinutes', rule: 'NA-01', label: '… within', unit: 'minutes', step: 1 },
  { key: 'na01SpeedKmh', rule: 'NA-01', label: 'Impossible travel: faster than', unit: 'km/h', step: 10 },
  { key: 'na01TravelMinKm', rule: 'NA-01', label: '… over at least', unit: 'km', step: 10 },
  { key: 'na02Accounts', rule: 'NA-02', label: 'Accounts on one IP', unit: 'accounts', step: 1 },
  { key: 'na02WindowHours', rule: 'NA-02', label: '… within', unit: 'hours', step: 0.25 },
  { key: 'na03SessionHours', rule: 'NA-03', label: 'Session length', unit: 'hours', step: 0.25 },
  { key: 'na03GapMinutes', rule: 'NA-03', label: 'Longest gap inside continuous activity', unit: 'minutes', step: 1 },
  { key: 'na08MinEvents', rule: 'NA-08', label: 'Logins from another country before a finding', unit: 'events', step: 1 },
  { key: 'wp01NightShare', rule: 'WP-01', label: 'Share of activity 00:00–06:00 claimed-local', unit: '0–1', step: 0.01 },
  { key: 'wp01OffsetHours', rule: 'WP-01', label: 'Best-fit workday offset from the claimed zone', unit: 'hours', step: 0.25 },
  { key: 'wp01MinEvents', rule: 'WP-01', label: 'Events needed before judging hours', unit: 'events', step: 1 },
  { key: 'importMaxBadShare', rule: 'Import', label: 'Bad rows allowed before a file is refused', unit: '0–1', step: 0.001 },
];

/**
 * Where the default high-risk countries come from: North Korea itself, and China and Russia, where
 * the 2022 State/Treasury/FBI guidance (A22) and the FBI's warning reported in the press that year
 * place most of these workers.
 */
export const HIGH_RISK_SOURCE =
  'Default: North Korea, China and Russia. The May 2022 U.S. State Department, Treasury and FBI "Guidance on the Democratic People\'s Republic of Korea Information Technology Workers" and the FBI warning reported in the press that year say most of these workers are based in China and Russia (fewer in South-East Asia and Africa).';

const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
/** A country's English name (the browser's own list), or the code itself when it names none. */
const countryName = (code: string): string => {
  try {
    const n = REGIONS.of(code);
    return n && n !== 'Unknown Region' ? n : code;
  } catch {
    return code;
  }
};

/** Two-letter country codes typed as a list ("KP, CN ru"), upper-cased; null with the first bad entry when one is not a code. */
export function parseCountryList(text: string): { codes: string[] } | { bad: string } {
  const parts = text.split(/[\s,;]+/).map((p) => p.trim()).filter(Boolean);
  for (const p of parts) if (!/^[A-Za-z]{2}$/.test(p)) return { bad: p };
  return { codes: [...new Set(parts.map((p) => p.toUpperCase()))] };
}

/** Detector thresholds, the high-risk countries and the offline GeoIP database, against their defaults. */
export function ThresholdsSection({ settings, onSaved }: { settings: Loaded<ActivitySettings>; onSaved: () => void }) {
  const [edits, setEdits] = useState<Partial<Record<NumericKey, string>>>({});
  const [geoip, setGeoip] = useState<string | null>(null);
  const [risky, setRisky] = useState<string | null>(null);
  const { run, busy, notices } = useAction(onSaved);
  if (settings.error && !settings.data) return <ErrorNotice error={settings.error} />;
  if (!settings.data) return <p className="muted">Loading…</p>;
  const current = settings.data;
  const changes = Object.fromEntries(
    (Object.entries(edits) as [NumericKey, string][]).filter(([k, v]) => v.trim() !== '' && Number(v) !== current[k]).map(([k, v]) => [k, Number(v)]),
  ) as Partial<ActivitySettings>;

  const save = (patch: Partial<ActivitySettings>, message: string) =>
    run(async () => {
      await api('activity.setSettings', patch);
      setEdits({});
      setGeoip(null);
      setRisky(null);
      settings.reload();
      return `${message} The change is in the audit log below; it applies to the next import or re-analysis.`;
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(changes, 'Thresholds saved.');
  };
  const geoipValue = geoip ?? current.geoipPath ?? '';
  const valueOf = (t: Threshold) => edits[t.key] ?? String(current[t.key]);
  const thresholdColumns = columns<Threshold>([
    { id: 'rule', header: 'Rule', className: 'mono', cell: (t) => t.rule },
    { id: 'label', header: 'Threshold', cell: (t) => <label htmlFor={`threshold-${t.key}`}>{t.label}</label> },
    { id: 'default', header: 'Default', headerClassName: 'num', className: 'num muted', cell: (t) => DEFAULT_ACTIVITY_SETTINGS[t.key] },
    {
      id: 'value',
      header: 'Value',
      headerClassName: 'num',
      className: 'num',
      cell: (t) => <input id={`threshold-${t.key}`} type="number" step={t.step} min={0} className="settings-number" value={valueOf(t)} onChange={(e) => setEdits({ ...edits, [t.key]: e.target.value })} />,
    },
    { id: 'unit', header: 'Unit', className: 'muted', cell: (t) => t.unit },
  ]);

  return (
    <div className="settings-section">
      <form className="form" aria-label="Detector thresholds" onSubmit={submit}>
        <DataTable label="Thresholds" className="settings-table" rows={THRESHOLDS} cols={thresholdColumns} rowKey={(t) => t.key} rowClassName={(t) => (Number(valueOf(t)) !== DEFAULT_ACTIVITY_SETTINGS[t.key] ? 'settings-changed' : undefined)} />
        <div className="actions">
          <button type="button" className="button" disabled={busy} onClick={() => void save(Object.fromEntries(THRESHOLDS.map((t) => [t.key, DEFAULT_ACTIVITY_SETTINGS[t.key]])), 'Thresholds reset to the defaults.')}>
            Reset thresholds to defaults
          </button>
          <button type="submit" className="button primary" disabled={busy || Object.keys(changes).length === 0}>
            Save thresholds
          </button>
        </div>
      </form>

      <HighRiskForm
        current={current.na08HighRiskCountries}
        text={risky}
        setText={setRisky}
        busy={busy}
        save={(codes, message) => void save({ na08HighRiskCountries: codes }, message)}
      />

      <form
        className="form"
        aria-label="GeoIP database"
        onSubmit={(e) => {
          e.preventDefault();
          void save({ geoipPath: geoipValue.trim() || null }, geoipValue.trim() ? 'GeoIP database set.' : 'GeoIP database cleared.');
        }}
      >
        <h3>Offline GeoIP database</h3>
        <p className="muted">
          A MaxMind-format <span className="mono">.mmdb</span> (GeoLite2 or GeoIP2 Country or City) that you supply. An imported record's own country wins; otherwise the country comes
          from this database; otherwise it stays unknown, never guessed. Default: none. Casebook never downloads it.
        </p>
        <PathField id="geoip-path" label="GeoIP database (.mmdb path)" mode="open" value={geoipValue} placeholder="/path/to/GeoLite2-Country.mmdb" onChange={setGeoip} filters={[{ name: 'MaxMind DB', extensions: ['mmdb'] }]} />
        <p className="small">
          In use: {current.geoipPath ? <span className="mono">{current.geoipPath}</span> : <span className="muted">none — countries come only from the records</span>}
        </p>
        <div className="actions">
          {current.geoipPath && (
            <button type="button" className="button" disabled={busy} onClick={() => void save({ geoipPath: null }, 'GeoIP database cleared.')}>
              Clear
            </button>
          )}
          <button type="submit" className="button primary" disabled={busy || geoip === null || (geoipValue.trim() || null) === current.geoipPath}>
            Save GeoIP database
          </button>
        </div>
      </form>
      {notices}
    </div>
  );
}

/** The countries NA-08 flags whatever the subject claims: an editable list of two-letter codes, shown with their names and where the default comes from. */
function HighRiskForm({ current, text, setText, busy, save }: { current: string[]; text: string | null; setText: (t: string | null) => void; busy: boolean; save: (codes: string[], message: string) => void }) {
  const value = text ?? current.join(', ');
  const parsed = parseCountryList(value);
  const unknown = 'codes' in parsed ? parsed.codes.filter((c) => countryName(c) === c) : [];
  const same = 'codes' in parsed && parsed.codes.join(',') === current.join(',');
  const isDefault = current.join(',') === DEFAULT_ACTIVITY_SETTINGS.na08HighRiskCountries.join(',');
  return (
    <form
      className="form"
      aria-label="High-risk countries"
      onSubmit={(e) => {
        e.preventDefault();
        if ('codes' in parsed && unknown.length === 0) save(parsed.codes, parsed.codes.length ? 'High-risk countries saved.' : 'High-risk countries cleared: only the claimed location is compared now.');
      }}
    >
      <h3>High-risk countries (NA-08)</h3>
      <p className="muted">
        Logins from these countries are reported whatever the subject claims, at full weight; logins from any other country than the claimed one are reported at lower weight.
      </p>
      <p className="small">{HIGH_RISK_SOURCE}</p>
      <label htmlFor="high-risk-countries">Countries (two-letter codes, separated by commas)</label>
      <input id="high-risk-countries" className="input" value={value} onChange={(e) => setText(e.target.value)} placeholder="KP, CN, RU" />
      {'bad' in parsed ? (
        <p className="small error" role="alert">
          “{parsed.bad.slice(0, 40)}” is not a two-letter country code (for example KP, CN, RU).
        </p>
      ) : unknown.length ? (
        <p className="small error" role="alert">
          Not a country code Casebook knows: {unknown.join(', ')}.
        </p>
      ) : (
        <p className="small">{parsed.codes.length ? parsed.codes.map((c) => `${countryName(c)} (${c})`).join(', ') : 'None: no country is flagged on its own.'}</p>
      )}
      <p className="small">Flagged now: {current.length ? current.map((c) => countryName(c)).join(', ') : 'none'}{isDefault ? ' (the default)' : ''}.</p>
      <div className="actions">
        {!isDefault && (
          <button type="button" className="button" disabled={busy} onClick={() => save(DEFAULT_ACTIVITY_SETTINGS.na08HighRiskCountries, 'High-risk countries reset to the default.')}>
            Reset to the default
          </button>
        )}
        <button type="submit" className="button primary" disabled={busy || 'bad' in parsed || unknown.length > 0 || same}>
          Save high-risk countries
        </button>
      </div>
    </form>
  );
}

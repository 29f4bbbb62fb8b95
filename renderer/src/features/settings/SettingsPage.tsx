import { useState } from 'react';
import { useApi } from '../../hooks.ts';
import { AuditSection } from './AuditSection.tsx';
import { CidrSection } from './CidrSection.tsx';
import { ThresholdsSection } from './ThresholdsSection.tsx';
import { WeightsSection } from './WeightsSection.tsx';
import { SecuritySection } from './SecuritySection.tsx';
import { UsersSection } from '../session/UsersSection.tsx';
import { TemplatesSection } from '../dashboard/TemplatesSection.tsx';
import './settings.css';

/** Application-wide settings: risk weights, detector thresholds, the GeoIP database and range lists. Every change is audited. */
export function SettingsPage() {
  const [changes, setChanges] = useState(0);
  const saved = () => setChanges((n) => n + 1);
  const activity = useApi('activity.settings', {}, changes);
  return (
    <div className="page settings-page">
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">Apply to every case. Each value shows its default; every change is recorded in the audit log with who, when and before → after.</p>
        </div>
      </div>
      <section className="card" aria-labelledby="settings-weights">
        <h2 id="settings-weights">Red-flag weights</h2>
        <WeightsSection onSaved={saved} />
      </section>
      <section className="card" aria-labelledby="settings-thresholds">
        <h2 id="settings-thresholds">Detectors and GeoIP</h2>
        <ThresholdsSection settings={activity} onSaved={saved} />
      </section>
      <section className="card" aria-labelledby="settings-ranges">
        <h2 id="settings-ranges">IP range lists (NA-04)</h2>
        <CidrSection refresh={changes} onSaved={saved} />
      </section>
      <section className="card" aria-labelledby="settings-users">
        <h2 id="settings-users">Users</h2>
        <UsersSection />
      </section>
      <section className="card" aria-labelledby="settings-templates">
        <h2 id="settings-templates">Case templates</h2>
        <TemplatesSection />
      </section>
      <section className="card" aria-labelledby="settings-security">
        <h2 id="settings-security">Backups and lock</h2>
        <SecuritySection />
      </section>
      <section className="card" aria-labelledby="settings-audit">
        <h2 id="settings-audit">Audit of settings changes</h2>
        <AuditSection refresh={changes} />
      </section>
    </div>
  );
}

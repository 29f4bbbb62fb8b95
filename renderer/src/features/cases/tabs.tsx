import type { CaseTab } from './caseTab.ts';
import { OverviewTab } from './OverviewTab.tsx';
import { AuditTab } from './AuditTab.tsx';
import { SubjectsTab } from '../subjects/SubjectsTab.tsx';
import { EvidenceTab } from '../evidence/EvidenceTab.tsx';
import { IndicatorsTab } from '../indicators/IndicatorsTab.tsx';
import { ActivityTab } from '../activity/ActivityTab.tsx';
import { DecisionsTab } from '../decisions/DecisionsTab.tsx';
import { LegalTab } from '../legal/LegalTab.tsx';
import { ReportTab } from '../reports/ReportTab.tsx';
import { SanctionsTab } from '../sanctions/SanctionsTab.tsx';
import { GraphTab } from '../graph/GraphTab.tsx';
import { HandOverTab } from '../bundle/HandOverTab.tsx';
import { TimelineTab } from '../journal/TimelineTab.tsx';
import { NotesTab } from '../journal/NotesTab.tsx';
import { ObservablesTab } from '../journal/ObservablesTab.tsx';

/** The case page's tabs, in order. Each domain adds one line before the audit tab. */
export const CASE_TABS: CaseTab[] = [
  { id: 'overview', label: 'Overview', component: OverviewTab },
  { id: 'subjects', label: 'Subjects & identifiers', component: SubjectsTab },
  { id: 'evidence', label: 'Evidence', component: EvidenceTab },
  { id: 'sanctions', label: 'Sanctions', component: SanctionsTab },
  { id: 'indicators', label: 'Indicators', component: IndicatorsTab },
  { id: 'activity', label: 'Activity', component: ActivityTab },
  { id: 'decisions', label: 'Decisions', component: DecisionsTab },
  { id: 'legal', label: 'Legal review', component: LegalTab },
  { id: 'report', label: 'Report', component: ReportTab },
  { id: 'graph', label: 'Network', component: GraphTab },
  { id: 'handover', label: 'Hand-over', component: HandOverTab },
  { id: 'timeline', label: 'Timeline', component: TimelineTab },
  { id: 'notes', label: 'Notes', component: NotesTab },
  { id: 'observables', label: 'Observables', component: ObservablesTab },
  { id: 'audit', label: 'Audit', component: AuditTab },
];

import type { ComponentType } from 'react';
import { CaseList } from './features/cases/CaseList.tsx';
import { SanctionsPage } from './features/sanctions/SanctionsPage.tsx';
import { GraphPage } from './features/graph/GraphPage.tsx';
import { SettingsPage } from './features/settings/SettingsPage.tsx';
import { ReceivePage } from './features/bundle/ReceivePage.tsx';
import { DashboardPage } from './features/dashboard/DashboardPage.tsx';

export type AppPage = { id: string; label: string; component: ComponentType };

/** Top-level pages in the sidebar. Each domain with a page of its own adds one line. */
export const APP_PAGES: AppPage[] = [
  { id: 'dashboard', label: 'Dashboard', component: DashboardPage },
  { id: 'cases', label: 'Cases', component: CaseList },
  { id: 'sanctions', label: 'Sanctions', component: SanctionsPage },
  { id: 'network', label: 'Network', component: GraphPage },
  { id: 'receive', label: 'Receive a case', component: ReceivePage },
  { id: 'settings', label: 'Settings', component: SettingsPage },
];

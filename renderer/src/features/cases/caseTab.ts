import type { ComponentType } from 'react';
import type { CaseRecord } from '../../../../shared/cases.ts';

/**
 * What a case-page tab is given. Kept apart from the list of tabs (tabs.tsx), which imports every
 * tab: a tab imports these types from here, so no tab imports the list that imports it.
 */
export type CaseTabProps = { record: CaseRecord; onChanged: (next?: CaseRecord) => void };
export type CaseTab = { id: string; label: string; component: ComponentType<CaseTabProps> };

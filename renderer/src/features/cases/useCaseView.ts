import { useEffect, useState } from 'react';
import type { CaseListView } from '../../../../shared/cases.ts';
import { api } from '../../api.ts';

export const DEFAULT_VIEW: CaseListView = { sort: 'number', desc: true, filters: {}, hiddenColumns: ['closedAt', 'updatedAt'] };

/** The list's view (sort, filters, columns), loaded once and saved on each change (search text is debounced by the list). */
export function useCaseView(): [CaseListView | null, (v: CaseListView) => void] {
  const [view, setView] = useState<CaseListView | null>(null);
  useEffect(() => {
    api('cases.getView', {}).then(
      (saved) => setView(saved ? { ...DEFAULT_VIEW, ...saved } : DEFAULT_VIEW),
      () => setView(DEFAULT_VIEW),
    );
  }, []);
  const update = (v: CaseListView) => {
    setView(v);
    void api('cases.saveView', v).catch(() => {});
  };
  return [view, update];
}

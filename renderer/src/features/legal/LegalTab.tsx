import { useState } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useApi, useSession } from '../../hooks.ts';
import { ReviewForm, StatutoryMaximumPanel } from './CounselPanels.tsx';
import { ExposurePanel } from './ExposurePanel.tsx';
import { PaymentsPanel } from './PaymentsPanel.tsx';
import { ReviewSummary } from './ReviewSummary.tsx';
import type { CaseTabProps } from '../cases/tabs.tsx';

export function LegalTab({ record }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const isCounsel = useSession().role === 'counsel';
  const [refresh, setRefresh] = useState(0);
  const changed = () => setRefresh((r) => r + 1);
  const payments = useApi('payments.list', { number }, refresh);
  const reviews = useApi('legal.reviews', { number }, refresh);
  const review = (reviews.data ?? []).filter((r) => r.supersededBy === null).at(-1);

  return (
    <div className="legal-tab">
      <ErrorNotice error={payments.error ?? reviews.error} />
      {readOnly && <Notice kind="info">This case is {record.locked ? 'locked' : 'closed'}: payments can be read but not added.</Notice>}
      <PaymentsPanel number={number} view={payments.data} readOnly={readOnly} onChanged={changed} />
      <ExposurePanel number={number} refresh={refresh} onChanged={changed} />
      <section aria-labelledby="review-heading">
        <h2 id="review-heading">Counsel's review</h2>
        {!review && !reviews.loading && <p className="muted">Counsel has not recorded a review yet.</p>}
        {!isCounsel && review && <p className="muted">Only counsel records and signs the review; you see it read-only.</p>}
        {review && <ReviewSummary review={review} />}
        {isCounsel && reviews.data && <ReviewForm number={number} current={review} readOnly={readOnly} onChanged={changed} />}
      </section>
      <StatutoryMaximumPanel canEdit={isCounsel} onChanged={changed} />
    </div>
  );
}

import { useState } from 'react';
import { isCaseReadOnly } from '../../../../shared/cases.ts';
import { ErrorNotice, Notice } from '../../components/Notice.tsx';
import { useApi, useSession } from '../../hooks.ts';
import { api } from '../../api.ts';
import { RatesPanel, ReviewForm, StatutoryMaximumPanel } from './CounselPanels.tsx';
import { ExposurePanel, useCulpabilityChoice } from './ExposurePanel.tsx';
import { FactorsPanel } from './FactorsPanel.tsx';
import { BlocksPanel } from './BlocksPanel.tsx';
import { PaymentsPanel } from './PaymentsPanel.tsx';
import { ReviewSummary } from './ReviewSummary.tsx';
import type { CaseTabProps } from '../cases/tabs.tsx';

export function LegalTab({ record }: CaseTabProps) {
  const number = record.number;
  const readOnly = isCaseReadOnly(record);
  const isCounsel = useSession().role === 'counsel';
  const [refresh, setRefresh] = useState(0);
  const changed = () => setRefresh((r) => r + 1);
  const culpability = useCulpabilityChoice();
  const payments = useApi('payments.list', { number }, refresh);
  const { eg, vs } = culpability.choice;
  const exposure = useApi('legal.exposure', { number, ...(eg !== undefined && { egregious: eg }), ...(vs !== undefined && { voluntarilySelfDisclosed: vs }) }, refresh);
  const reviews = useApi('legal.reviews', { number }, refresh);
  const view = payments.data;
  const x = exposure.data;
  const review = (reviews.data ?? []).filter((r) => r.supersededBy === null).at(-1);

  return (
    <div className="legal-tab">
      <ErrorNotice error={payments.error ?? exposure.error ?? reviews.error} />
      {readOnly && <Notice kind="info">This case is {record.locked ? 'locked' : 'closed'}: payments can be read but not added.</Notice>}
      <PaymentsPanel number={number} view={view} readOnly={readOnly} onChanged={changed} />
      <RatesPanel missing={x?.missingRates ?? []} onChanged={changed} />
      <BlocksPanel number={number} payments={view?.payments ?? []} canEdit={isCounsel} readOnly={readOnly} refresh={refresh} onChanged={changed} />
      <ExposurePanel x={x} culpability={culpability} />
      {x && <FactorsPanel number={number} factors={x.factors} canEdit={isCounsel && !readOnly} onChanged={changed} />}
      <section aria-labelledby="review-heading">
        <h2 id="review-heading">Counsel's review</h2>
        {!review && !reviews.loading && <p className="muted">Counsel has not recorded a review yet.</p>}
        {!isCounsel && review && <p className="muted">Only counsel records and signs the review; you see it read-only.</p>}
        {review && <ReviewSummary review={review} factors={x?.factors ?? []} onShare={isCounsel ? () => void api('legal.shareReview', { number, id: review.id }).then(changed) : undefined} />}
        {isCounsel && reviews.data && <ReviewForm number={number} current={review} readOnly={readOnly} onChanged={changed} />}
      </section>
      <StatutoryMaximumPanel canEdit={isCounsel} onChanged={changed} />
    </div>
  );
}

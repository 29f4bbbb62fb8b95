import { PRIVILEGE_LABELS, RECOMMENDATION_LABELS, type LegalReview } from '../../../../shared/decisions.ts';
import { ASSESSMENT_LABELS, EGREGIOUSNESS_FACTORS, factorInfo, type FactorRecord } from '../../../../shared/legal/factors.ts';
import { formatDate, formatTime } from '../../format.ts';

/** Counsel's current review as everyone reads it, with the General Factors A–D the egregiousness determination rests on. */
export function ReviewSummary({ review, factors }: { review: LegalReview; factors: FactorRecord[] }) {
  return (
    <div className="legal-review" data-testid="legal-review">
      <p className="privilege-marking">{PRIVILEGE_LABELS[review.privilege]}</p>
      <dl>
        <dt>Culpability</dt>
        <dd>
          {review.egregious ? 'Egregious' : 'Not egregious'} · {review.voluntarilySelfDisclosed ? 'voluntarily self-disclosed' : 'not self-disclosed'}
          <div className="muted">{review.culpabilityRationale}</div>
          <div className="muted" data-testid="egregiousness-factors">
            Egregiousness rests mainly on General Factors A to D (31 CFR 501 App. A, V.B.1):{' '}
            {EGREGIOUSNESS_FACTORS.map((k) => {
              const f = factors.find((r) => r.factor === k);
              return `${factorInfo(k).letter}. ${factorInfo(k).label}: ${f ? ASSESSMENT_LABELS[f.assessment].toLowerCase() : 'not recorded'}`;
            }).join('; ')}
            .
          </div>
        </dd>
        <dt>Determination</dt>
        <dd>{review.determination}</dd>
        <dt>Recommendation</dt>
        <dd>
          {RECOMMENDATION_LABELS[review.recommendation]}
          <div className="muted">{review.recommendationRationale}</div>
        </dd>
        <dt>Reviewed</dt>
        <dd>
          {review.reviewedBy}, {formatTime(review.reviewedAt)}
        </dd>
        <dt>Signed</dt>
        <dd>{review.signedBy ? `${review.signedBy}, ${formatDate(review.signedAt)}` : <span className="muted">Not signed</span>}</dd>
      </dl>
    </div>
  );
}

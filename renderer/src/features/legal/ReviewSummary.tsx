import { PRIVILEGE_LABELS, RECOMMENDATION_LABELS, type LegalReview } from '../../../../shared/decisions.ts';
import { formatDate, formatTime } from '../../format.ts';

/** Counsel's current review as everyone reads it. */
export function ReviewSummary({ review }: { review: LegalReview }) {
  return (
    <div className="legal-review" data-testid="legal-review">
      <p className="privilege-marking">{PRIVILEGE_LABELS[review.privilege]}</p>
      <dl>
        <dt>Culpability</dt>
        <dd>
          {review.egregious ? 'Egregious' : 'Not egregious'} · {review.voluntarilySelfDisclosed ? 'voluntarily self-disclosed' : 'not self-disclosed'}
          <div className="muted">{review.culpabilityRationale}</div>
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

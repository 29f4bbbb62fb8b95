import { PRIVILEGE_LABELS, RECOMMENDATION_LABELS, type LegalReview } from '../../../../shared/decisions.ts';
import { ASSESSMENT_LABELS, EGREGIOUSNESS_FACTORS, factorInfo, type FactorRecord } from '../../../../shared/legal/factors.ts';
import { formatDate, formatTime } from '../../format.ts';

/** Counsel's current review as everyone reads it, with the General Factors A–D the egregiousness determination rests on. */
export function ReviewSummary({ review, factors, onShare }: { review: LegalReview; factors: FactorRecord[]; onShare?: (() => void) | undefined }) {
  const withheld = (text: string) => (review.withheld ? <div className="muted privileged-withheld">Privileged: counsel's reasoning is not shared with officers.</div> : <div className="muted">{text}</div>);
  return (
    <div className="legal-review" data-testid="legal-review">
      <p className="privilege-marking">{PRIVILEGE_LABELS[review.privilege]}</p>
      {review.withheld && (
        <p className="notice info" data-testid="review-withheld">
          This review is privileged. You see that it exists and its outcome; its reasoning stays with counsel unless counsel shares it with you.
        </p>
      )}
      {review.shared && <p className="muted">Shared with officers by {review.shared.by}, {formatTime(review.shared.at)}.</p>}
      <dl>
        <dt>Culpability</dt>
        <dd>
          {review.egregious ? 'Egregious' : 'Not egregious'} · {review.voluntarilySelfDisclosed ? 'voluntarily self-disclosed' : 'not self-disclosed'}
          {withheld(review.culpabilityRationale)}
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
        <dd>{review.withheld ? withheld('') : review.determination}</dd>
        <dt>Recommendation</dt>
        <dd>
          {RECOMMENDATION_LABELS[review.recommendation]}
          {withheld(review.recommendationRationale)}
        </dd>
        <dt>Reviewed</dt>
        <dd>
          {review.reviewedBy}, {formatTime(review.reviewedAt)}
        </dd>
        <dt>Signed</dt>
        <dd>
          {review.signedBy ? `${review.signedBy}, ${formatDate(review.signedAt)}` : <span className="muted">Not signed</span>}
          {review.signedBy && review.signReason && <div className="muted">Why: {review.signReason}</div>}
        </dd>
      </dl>
      {onShare && !review.shared && (
        <button type="button" className="button" onClick={onShare}>
          Share this review with officers
        </button>
      )}
    </div>
  );
}

import { useSession } from '../../hooks.ts';
import { formatTime } from '../../format.ts';

export const ROLE_LABELS = { officer: 'Compliance officer', counsel: 'Legal counsel' } as const;

/**
 * The signed-in user: their role (given by the administrator) and the fingerprint of the key that
 * signs their sign-offs, to read out to whoever checks a signature elsewhere.
 */
export function UserPage() {
  const user = useSession();
  return (
    <div className="page user-page">
      <div className="page-header">
        <div>
          <h1>{user.name}</h1>
          <p className="muted">
            {ROLE_LABELS[user.role]}
            {user.admin ? ' · administrator of this Casebook' : ''} · since {formatTime(user.createdAt)}
          </p>
        </div>
      </div>
      <section className="card" aria-labelledby="user-key">
        <h2 id="user-key">Your signing key</h2>
        <p className="muted">
          When you sign a decision or a review, Casebook signs it with your own key, and uses that key only after you type your passphrase again. Anyone checking a signature of yours
          later, in this Casebook or in a case handed to someone else, compares its fingerprint with this one. Read it out or send it by a separate
          channel; do not trust a fingerprint that arrives in the same file as the signature.
        </p>
        {user.fingerprint ? (
          <dl className="key-values">
            <dt>Fingerprint</dt>
            <dd className="mono fingerprint" data-testid="my-fingerprint">
              {user.fingerprint}
            </dd>
            <dt>Public key</dt>
            <dd className="mono public-key">{user.publicKey}</dd>
          </dl>
        ) : (
          <p>You have no signing key yet: it is made the next time you sign in.</p>
        )}
      </section>
      <section className="card" aria-labelledby="user-role">
        <h2 id="user-role">Your role</h2>
        <p className="muted">
          Roles are given by the administrator{user.admin ? ' (you)' : ''} in Settings, never chosen by the person who holds them. Counsel records and
          signs the legal review; officers see its outcome, and its reasoning only when counsel shares it.
        </p>
      </section>
    </div>
  );
}

import { useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from './Dialog.tsx';
import { Field } from './Field.tsx';

/**
 * Asks for a reason and a confirmation before an act that stands in the record (signing,
 * confirming or dismissing a hit). The button names what is being done; the reason is required.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  reasonLabel = 'Reason (kept in the audit trail)',
  danger,
  busy,
  notices,
  askPassphrase,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  reasonLabel?: string;
  danger?: boolean;
  busy?: boolean;
  notices?: ReactNode;
  /** A signature: the signer types their own passphrase again (given to onConfirm, never kept). */
  askPassphrase?: boolean;
  onConfirm: (reason: string, passphrase: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [noPassphrase, setNoPassphrase] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    if (askPassphrase && !passphrase) {
      setNoPassphrase(true);
      return;
    }
    onConfirm(reason.trim(), passphrase);
    setPassphrase('');
  };
  const close = () => {
    setReason('');
    setPassphrase('');
    setNoPassphrase(false);
    setMissing(false);
    onClose();
  };
  return (
    <Dialog title={title} open={open} onClose={close}>
      <form className="form" onSubmit={submit} aria-label={title}>
        <div className="confirm-what">{children}</div>
        <Field label={reasonLabel} error={missing ? 'Say why: the reason is kept with this record.' : null}>
          <textarea
            rows={3}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setMissing(false);
            }}
          />
        </Field>
        {askPassphrase && (
          <Field label="Your passphrase, to sign" error={noPassphrase ? 'Enter your passphrase: a signature is made with your own key.' : null}>
            <input
              type="password"
              autoComplete="current-password"
              value={passphrase}
              onChange={(e) => {
                setPassphrase(e.target.value);
                setNoPassphrase(false);
              }}
            />
          </Field>
        )}
        {notices}
        <div className="actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className={danger ? 'button danger' : 'button primary'} disabled={busy}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

import { useEffect, useRef, type ReactNode } from 'react';

/** The first field of a dialog: where typing should go when it opens (never the Close button). */
const FIRST_FIELD = 'input:not([type=hidden]):not(:disabled), textarea:not(:disabled), select:not(:disabled)';

/** A modal dialog on the native <dialog> element (focus trap and Escape come with it); it opens with focus on its first field. */
export function Dialog({ title, open, onClose, children, wide }: { title: string; open: boolean; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      d.showModal();
      const first = d.querySelector<HTMLElement>(`.dialog-body :is(${FIRST_FIELD})`) ?? d.querySelector<HTMLElement>('.dialog-body button');
      first?.focus();
    }
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className={wide ? 'dialog dialog-wide' : 'dialog'} onClose={onClose} aria-label={title}>
      <header className="dialog-header">
        <h2>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="dialog-body">{open && children}</div>
    </dialog>
  );
}

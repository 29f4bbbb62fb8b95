import { useEffect } from 'react';

/** Edits typed but not saved, by the part of the screen that holds them. */
const pending = new Map<symbol, string>();

/** While `what` is non-empty, the screen holds unsaved edits described by it. */
export function useUnsaved(what: string | null): void {
  useEffect(() => {
    if (!what) return;
    const key = Symbol(what);
    pending.set(key, what);
    return () => void pending.delete(key);
  }, [what]);
}

/** Asks before leaving edits unsaved; true when there are none or the user chooses to leave them. */
export function confirmLeave(): boolean {
  if (pending.size === 0) return true;
  return window.confirm(`You have unsaved changes (${[...new Set(pending.values())].join('; ')}). Leave without saving them?`);
}

/**
 * Any in-app link (the sidebar, a case tab, a case in a list) asks before it leaves unsaved
 * edits. Caught before React sees the click, so every link is guarded and asks once.
 */
document.addEventListener(
  'click',
  (e) => {
    if (pending.size === 0 || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    const link = (e.target as Element | null)?.closest?.('a[href^="#"]');
    if (!link || link.getAttribute('href') === window.location.hash) return;
    if (!confirmLeave()) {
      e.preventDefault();
      e.stopPropagation();
    }
  },
  true,
);

window.addEventListener('beforeunload', (e) => {
  if (pending.size > 0) e.preventDefault();
});

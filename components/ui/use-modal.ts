import { useEffect, useRef, type ReactNode } from "react";

/** What a dialog or side panel takes: its accessible title, whether it is open, how it closes, its body. */
export type ModalProps = { title: string; isOpen: boolean; onClose: () => void; children: ReactNode };

/**
 * Opens and closes a native <dialog> as a modal with `isOpen` (focus trap and Escape come with it),
 * and gives focus back when it ends — to the command that opened it, or, when that is gone, to the
 * result notice the run left (data-result-notice), else the main region (WCAG 2.4.3). Every dialog
 * and side panel goes through here, so none loses focus on OK, Cancel, Close or Escape.
 */
export function useModal(isOpen: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  // The element focused when the dialog opened; null while it is closed.
  const opener = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (isOpen && !el.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : document.body;
      el.showModal();
    }
    // Escape has already closed it natively by the time `isOpen` follows.
    if (!isOpen && opener.current) {
      if (el.open) el.close();
      returnFocus(opener.current);
      opener.current = null;
    }
  }, [isOpen]);
  // Most dialogs here end by being unmounted while open, where the browser's own return does not run.
  useEffect(() => {
    const kept = opener;
    return () => {
      if (kept.current) returnFocus(kept.current);
    };
  }, []);
  return dialog;
}

function returnFocus(opener: HTMLElement | null) {
  // After React has removed the dialog and re-rendered what a finished run changed.
  setTimeout(() => {
    if (document.activeElement && document.activeElement !== document.body && !document.activeElement.closest("dialog"))
      return;
    const target =
      (opener && opener !== document.body && opener.isConnected ? opener : null) ??
      document.querySelector<HTMLElement>("[data-result-notice]") ??
      document.getElementById("main");
    target?.focus();
  }, 0);
}

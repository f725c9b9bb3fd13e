import { useEffect, useRef } from "react";

/** Opens and closes a native <dialog> as a modal with `isOpen` (focus trap and Escape come with it). */
export function useModal(isOpen: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (isOpen && !el.open) el.showModal();
    if (!isOpen && el.open) el.close();
  }, [isOpen]);
  return dialog;
}

"use client";

import { useModal, type ModalProps } from "./use-modal";

/** A centred modal dialog (native <dialog>: focus is trapped, Escape closes). */
export function Dialog({ title, isOpen, onClose, children }: ModalProps) {
  const dialog = useModal(isOpen);
  return (
    <dialog
      ref={dialog}
      aria-label={title}
      onClose={onClose}
      className="m-auto w-[36rem] max-w-[95vw] rounded-card bg-surface p-0 text-ink shadow-panel backdrop:bg-black/30"
    >
      <div className="border-b border-line px-5 py-4">
        <h2 className="text-lg font-semibold">{title}</h2>
      </div>
      <div className="max-h-[70vh] overflow-y-auto px-5 py-4">{isOpen && children}</div>
    </dialog>
  );
}

"use client";

import { useModal, type ModalProps } from "./use-modal";

/**
 * A panel sliding in from the right, as admin centers do. It is a modal <dialog>: focus moves
 * into it, Escape closes it, and the page behind is inert.
 */
export function SidePanel({ title, isOpen, onClose, children }: ModalProps) {
  const dialog = useModal(isOpen);

  return (
    <dialog
      ref={dialog}
      aria-label={title}
      onClose={onClose}
      className="fixed inset-y-0 right-0 left-auto m-0 h-full max-h-none w-[28rem] max-w-full bg-surface p-0 text-ink shadow-panel backdrop:bg-black/30"
    >
      <div className="flex h-full flex-col">
        <div className="flex items-center justify-between border-b border-line px-5 py-4">
          <h2 className="text-lg font-semibold">{title}</h2>
          <button
            type="button"
            onClick={onClose}
            aria-label="Close"
            className="rounded-control px-2 py-1 text-lg hover:bg-surface-alt"
          >
            ×
          </button>
        </div>
        <div className="flex-1 overflow-y-auto px-5 py-4">{isOpen && children}</div>
      </div>
    </dialog>
  );
}

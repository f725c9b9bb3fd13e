"use client";

import { useEffect, useId, useRef, useState } from "react";
import { signOutAction, signOutEverywhereAction } from "../actions";

const ITEM = "w-full rounded-control border border-line px-3 py-1.5 text-left hover:bg-surface-alt";

/** The signed-in user's menu: name on the header; UPN, Sign out and Sign out everywhere inside. Escape or a click outside closes it. */
export function UserMenu({ name, upn }: { name: string; upn: string }) {
  const [isOpen, setIsOpen] = useState(false);
  const menuId = useId();
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setIsOpen(false);
    const onClick = (e: MouseEvent) => !container.current?.contains(e.target as Node) && setIsOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [isOpen]);

  return (
    <div ref={container} className="relative">
      <button
        type="button"
        aria-label={`Account menu for ${name}`}
        aria-expanded={isOpen}
        aria-controls={menuId}
        onClick={() => setIsOpen((open) => !open)}
        className="rounded-control px-2 py-1 font-semibold hover:bg-white/10"
      >
        {name}
      </button>
      {isOpen && (
        <div id={menuId} className="absolute right-0 z-20 mt-2 w-64 rounded-card bg-surface p-3 text-ink shadow-card">
          <p className="font-semibold">{name}</p>
          <p className="mb-3 text-sm text-muted">{upn}</p>
          <form action={signOutAction}>
            <button type="submit" className={ITEM}>
              Sign out
            </button>
          </form>
          <form action={signOutEverywhereAction} className="mt-2">
            <button type="submit" className={ITEM} aria-describedby={`${menuId}-everywhere`}>
              Sign out everywhere
            </button>
            <p id={`${menuId}-everywhere`} className="mt-1 text-xs text-muted">
              Ends your sessions in every browser and device.
            </p>
          </form>
        </div>
      )}
    </div>
  );
}

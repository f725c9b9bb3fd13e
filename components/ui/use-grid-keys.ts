"use client";

import { useEffect, useRef, type FocusEvent, type KeyboardEvent, type RefObject } from "react";

const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

/** What takes focus in a cell: its one control (checkbox, link) when it has one, else the cell itself. */
function targetOf(cell: HTMLTableCellElement): HTMLElement {
  return cell.querySelector<HTMLElement>("a[href], button, input") ?? cell;
}

/**
 * The ARIA grid pattern on a <table role="grid">: one tab stop (roving tabindex), arrow keys move
 * between cells, Home/End to the row's ends (with Ctrl, the grid's), Space toggles the row's
 * checkbox, Enter opens the row's first link. The DOM holds the state (the cell whose target has
 * tabindex 0), so React re-renders, new rows after a refresh and other columns need no wiring here.
 */
export function useGridKeys(): {
  ref: RefObject<HTMLTableElement | null>;
  onKeyDown: (e: KeyboardEvent<HTMLTableElement>) => void;
  onFocus: (e: FocusEvent<HTMLTableElement>) => void;
} {
  const table = useRef<HTMLTableElement>(null);

  // After every render: every control in the grid leaves the tab order but the current one.
  useEffect(() => {
    const el = table.current;
    if (!el) return;
    const current = el.querySelector<HTMLElement>('[data-grid-current="true"]');
    for (const node of el.querySelectorAll<HTMLElement>(`${FOCUSABLE}, td, th`)) node.tabIndex = -1;
    const cells = [...el.querySelectorAll<HTMLTableCellElement>("tbody td")];
    const start = current && el.contains(current) ? current : cells[0] ? targetOf(cells[0]) : null;
    if (start) mark(el, start);
  });

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const el = table.current;
    const cell = (e.target as HTMLElement).closest<HTMLTableCellElement>("td, th");
    if (!el || !cell) return;
    const row = cell.parentElement as HTMLTableRowElement;
    const rows = [...el.rows];
    let r = rows.indexOf(row);
    let c = cell.cellIndex;
    const isCtrl = e.ctrlKey || e.metaKey;
    switch (e.key) {
      case "ArrowDown":
        r = Math.min(r + 1, rows.length - 1);
        break;
      case "ArrowUp":
        r = Math.max(r - 1, 0);
        break;
      case "ArrowRight":
        c += 1;
        break;
      case "ArrowLeft":
        c = Math.max(c - 1, 0);
        break;
      case "Home":
        c = 0;
        if (isCtrl) r = 0;
        break;
      case "End":
        c = Number.MAX_SAFE_INTEGER;
        if (isCtrl) r = rows.length - 1;
        break;
      case " ": {
        // The checkbox itself toggles natively; from any other cell Space toggles the row's.
        if ((e.target as HTMLElement).matches("input[type=checkbox]")) return;
        const box = row.querySelector<HTMLInputElement>("input[type=checkbox]");
        if (!box) return;
        e.preventDefault();
        box.click();
        return;
      }
      case "Enter": {
        if ((e.target as HTMLElement).matches("a[href], button")) return;
        const link = row.querySelector<HTMLAnchorElement>("a[href]");
        if (!link) return;
        e.preventDefault();
        link.click();
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    const cells = rows[r]!.cells;
    const next = cells[Math.min(c, cells.length - 1)];
    if (!next) return;
    const target = targetOf(next);
    mark(el, target);
    target.focus();
  };

  // A click or Tab into a cell makes it the grid's stop, so Tab comes back to where the user was.
  const onFocus = (e: FocusEvent<HTMLTableElement>) => {
    const cell = (e.target as HTMLElement).closest<HTMLTableCellElement>("td, th");
    if (table.current && cell) mark(table.current, targetOf(cell));
  };

  return { ref: table, onKeyDown, onFocus };
}

/** Makes `target` the grid's one tab stop. */
function mark(grid: HTMLElement, target: HTMLElement) {
  for (const old of grid.querySelectorAll<HTMLElement>('[data-grid-current="true"]')) {
    old.tabIndex = -1;
    old.removeAttribute("data-grid-current");
  }
  target.tabIndex = 0;
  target.setAttribute("data-grid-current", "true");
}

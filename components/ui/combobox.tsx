"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { describedBy, FieldNotes } from "./form-controls";

/** Typing pauses this long before the server is asked, so a burst of keys makes one search. */
const TYPING_PAUSE_MS = 250;

export type ComboOption = {
  id: number;
  label: string;
  /** A second line: the email, and what sets this option apart (current holder, no System Administrator). */
  detail?: string;
  /** Shown but not choosable, with the reason in `detail`. */
  isDisabled?: boolean;
};
export type ComboResult = { options: ComboOption[]; hasMore: boolean; refusal: string | null };

/**
 * A searchable list that asks the server as the admin types (WAI-ARIA combobox with a listbox
 * popup): arrows move, Enter chooses, Escape closes. The chosen id goes in a hidden field named
 * `name`; typing again clears the choice. Nothing is read before `minLength` characters.
 */
export function Combobox({
  label,
  name,
  search,
  onChoose,
  minLength,
  hint,
  error,
  placeholder,
}: {
  label: string;
  name: string;
  search: (q: string) => Promise<ComboResult>;
  onChoose?: (option: ComboOption | null) => void;
  minLength: number;
  hint?: ReactNode;
  error?: string;
  placeholder?: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState("");
  const [found, setFound] = useState<(ComboResult & { q: string }) | null>(null);
  const [chosen, setChosen] = useState<ComboOption | null>(null);
  const [isOpen, setIsOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = text.trim();
  const isSearching = chosen === null && [...typed].length >= minLength;
  // The latest `search` without searching again whenever the parent renders a new function.
  const searchRef = useRef(search);
  useEffect(() => {
    searchRef.current = search;
  }, [search]);

  useEffect(() => {
    if (!isSearching) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      void searchRef.current(typed).then((result) => {
        if (!isCurrent) return;
        setFound({ ...result, q: typed });
        setActive(result.options.findIndex((o) => !o.isDisabled));
      });
    }, TYPING_PAUSE_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [typed, isSearching]);

  const options = isSearching && found?.q === typed ? found.options : [];
  const choose = (option: ComboOption) => {
    if (option.isDisabled) return;
    setChosen(option);
    setText(option.label);
    setIsOpen(false);
    onChoose?.(option);
  };
  const move = (step: number) => {
    if (options.length === 0) return;
    let next = active;
    for (let i = 0; i < options.length; i++) {
      next = (next + step + options.length) % options.length;
      if (!options[next]!.isDisabled) break;
    }
    setActive(next);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setIsOpen(true);
      move(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      // Enter chooses; it never submits the form with nobody chosen.
      event.preventDefault();
      if (isOpen && options[active]) choose(options[active]!);
    } else if (event.key === "Escape" && isOpen) {
      event.preventDefault();
      event.stopPropagation();
      setIsOpen(false);
    }
  };
  const status = describe(typed, minLength, found, chosen, isSearching);
  const statusId = `${id}-status`;

  return (
    <div className="relative">
      <label htmlFor={id} className="mb-1 block text-sm font-semibold">
        {label}
      </label>
      <input type="hidden" name={name} value={chosen?.id ?? ""} />
      <input
        id={id}
        type="text"
        role="combobox"
        aria-expanded={isOpen && options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={isOpen && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={[describedBy(id, error, hint), statusId].filter(Boolean).join(" ")}
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        maxLength={200}
        onChange={(event) => {
          setText(event.target.value);
          setIsOpen(true);
          if (chosen) {
            setChosen(null);
            onChoose?.(null);
          }
        }}
        onFocus={() => setIsOpen(true)}
        onBlur={() => setIsOpen(false)}
        onKeyDown={onKeyDown}
        className={`w-full rounded-control border bg-surface px-2.5 py-1.5 text-ink ${error ? "border-danger" : "border-line"}`}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label} matches`}
        hidden={!isOpen || options.length === 0}
        className="absolute z-10 mt-1 max-h-72 w-full overflow-y-auto rounded-control border border-line bg-surface shadow-panel"
      >
        {options.map((option, index) => (
          <li
            key={option.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            aria-disabled={option.isDisabled ? true : undefined}
            // Before the input's blur: the click must land while the list is still open.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(option);
            }}
            className={`cursor-pointer px-3 py-1.5 text-sm ${index === active ? "bg-brand-subtle" : ""} ${option.isDisabled ? "cursor-not-allowed text-muted" : ""}`}
          >
            <span className="block font-semibold">{option.label}</span>
            {option.detail && <span className="block text-xs text-muted">{option.detail}</span>}
          </li>
        ))}
      </ul>
      <p id={statusId} role="status" aria-label={`${label} search`} className="mt-1 text-xs text-muted">
        {status}
      </p>
      <FieldNotes id={id} error={error} hint={hint} />
    </div>
  );
}

function describe(
  typed: string,
  minLength: number,
  found: (ComboResult & { q: string }) | null,
  chosen: ComboOption | null,
  isSearching: boolean,
): string {
  if (chosen) return `Chosen: ${chosen.label}.`;
  if (!isSearching) return `Type at least ${minLength} characters of a name or email.`;
  if (!found || found.q !== typed) return "Searching…";
  if (found.refusal) return found.refusal;
  if (found.options.length === 0) return "No one matches.";
  if (found.hasMore) return `The first ${found.options.length} matches: type more to narrow them.`;
  return `${found.options.length} ${found.options.length === 1 ? "match" : "matches"}.`;
}

"use client";

import { useEffect, useState, type KeyboardEvent } from "react";
import { Field } from "@/components/ui/field";
import { SelectField } from "@/components/ui/form-controls";
import type { AddableDirectoryUser } from "@/lib/services/directory/environment-user-additions";
import { findAddableUsersAction } from "../actions";

/** Typing pauses this long before the server is asked, so a burst of keys makes one search. */
const TYPING_PAUSE_MS = 250;

type Found = { q: string; users: AddableDirectoryUser[]; hasMore: boolean; refusal: string | null };

/**
 * "Add user"'s picker: the directory is searched as the admin types (the start of a name or user
 * principal name) and the matches fill the "Directory user" list. Nothing is read before the
 * panel opens, however large the directory.
 */
export function DirectoryUserSearch({
  environmentId,
  searchMinLength,
  error,
}: {
  environmentId: number;
  searchMinLength: number;
  error?: string;
}) {
  const [q, setQ] = useState("");
  const [found, setFound] = useState<Found | null>(null);
  const [chosen, setChosen] = useState("");
  const typed = q.trim();
  const isLongEnough = [...typed].length >= searchMinLength;

  useEffect(() => {
    if (!isLongEnough) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      void findAddableUsersAction({ environmentId, q: typed }).then((result) => {
        if (!isCurrent) return;
        setFound(
          result.ok
            ? { q: typed, users: result.users, hasMore: result.hasMore, refusal: null }
            : { q: typed, users: [], hasMore: false, refusal: result.message },
        );
      });
    }, TYPING_PAUSE_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [environmentId, typed, isLongEnough]);

  const users = isLongEnough ? (found?.users ?? []) : [];
  // A choice the latest matches no longer hold is no choice.
  const value = users.some((u) => String(u.id) === chosen) ? chosen : "";
  // Enter in the search box searches; it must not submit the form with no user chosen.
  const keepEnterForSearch = (event: KeyboardEvent<HTMLInputElement>) =>
    event.key === "Enter" && event.preventDefault();

  return (
    <>
      <Field
        label="Search the directory"
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={keepEnterForSearch}
        maxLength={200}
        autoComplete="off"
        hint="The start of a name or user principal name"
      />
      <SelectField
        label="Directory user"
        name="directoryUserId"
        value={value}
        onChange={(e) => setChosen(e.target.value)}
        error={error}
      >
        <option value="">{users.length ? "Choose a user…" : "No user to choose yet"}</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.displayName} ({u.upn})
          </option>
        ))}
      </SelectField>
      <p role="status" aria-label="Directory search results" className="text-xs text-muted">
        {describe(isLongEnough, found, typed, searchMinLength)}
      </p>
    </>
  );
}

function describe(isLongEnough: boolean, found: Found | null, typed: string, searchMinLength: number): string {
  if (!isLongEnough) return `Type at least ${searchMinLength} characters to search.`;
  if (!found || found.q !== typed) return "Searching…";
  if (found.refusal) return found.refusal;
  if (found.users.length === 0) return "No one who can be added matches.";
  if (found.hasMore) return `The first ${found.users.length} matches: type more to narrow them.`;
  return `${found.users.length} ${found.users.length === 1 ? "match" : "matches"}.`;
}

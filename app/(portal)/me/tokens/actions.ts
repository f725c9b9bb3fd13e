"use server";

import { z } from "zod";
import { idOf, line, listOf } from "@/lib/form-schemas";
import { API_SCOPES } from "@/lib/policy/api-tokens";
import { inputAction, refusalOf, revalidate } from "@/lib/service-action";
import { createApiToken } from "@/lib/services/identity/api-tokens";
import { TOKEN_PAGES } from "../../_components/api-tokens/token-pages";

const DAY_MS = 24 * 60 * 60_000;

const CreateTokenInput = z.object({
  name: line.trim().min(1, "Give the token a name.").max(100, "Keep the name under 100 characters."),
  scopes: listOf(z.enum(API_SCOPES, "Choose scopes from the list."), API_SCOPES.length).refine(
    (scopes) => scopes.length > 0,
    "Choose at least one scope.",
  ),
  expiresInDays: idOf("Choose when the token expires."),
});

/** New token: answers the secret itself (once), so it goes through inputAction rather than a form state. */
export const createApiTokenAction = inputAction(
  CreateTokenInput,
  async ({ name, scopes, expiresInDays }, { db, actor, origin, now }) => {
    const expiresAt = new Date(now.getTime() + expiresInDays * DAY_MS);
    const result = await createApiToken(db, actor, { name, scopes, expiresAt }, { origin, now });
    if (result.ok) revalidate(TOKEN_PAGES);
    return result;
  },
  refusalOf,
);

"use server";

import { z } from "zod";
import { idField } from "@/lib/form-schemas";
import { formAction } from "@/lib/service-action";
import { revokeApiToken } from "@/lib/services/identity/api-tokens";
import { TOKEN_PAGES } from "./token-pages";

export const revokeApiTokenAction = formAction(
  z.object({ tokenId: idField }),
  (input, { db, actor, origin, now }) => revokeApiToken(db, actor, input, { origin, now }),
  { revalidate: () => TOKEN_PAGES },
);

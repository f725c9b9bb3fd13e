import { z } from "zod";
import { idField, slugField } from "@/lib/form-schemas";

/** Path and header pieces shared by the endpoints, with what the document says about them. */

export const slugParam = slugField.meta({
  description: "The environment's slug, as in its address in the portal.",
  example: "production",
});
export const idParam = (description: string) =>
  idField.meta({ description, override: { type: "integer", minimum: 1 } });

export const EnvironmentPath = z.object({ slug: slugParam });

export const isoDate = (description: string) => z.iso.datetime().meta({ description });
export const isoOrNull = (description: string) => z.iso.datetime().nullable().meta({ description });

/** A keyset cursor is opaque to clients: what the previous page's `nextCursor` said. */
export const cursorParam = z
  .string()
  .max(500)
  .optional()
  .meta({ description: "The previous page's `nextCursor`; leave out for the first page." });

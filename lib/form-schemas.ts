import { z } from "zod";

/** Zod pieces every action's input schema shares. */

export const idField = z.coerce.number().int().positive();

/** A `datetime-local` value, which has no zone: forms label it UTC. Empty means none. */
export const optionalUtcDateTime = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    const date = new Date(/(Z|[+-]\d\d:\d\d)$/.test(value) ? value : `${value}Z`);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "Enter a valid date and time." });
      return z.NEVER;
    }
    return date;
  });

import { z } from "zod";
import { ActMethod, IncomingMethod, OutgoingMethod } from "@/lib/policy/catalog";

/**
 * Zod pieces every action's input shares. What arrives is whatever a client chose to send (a
 * replayed request sends anything), so each piece says exactly what it accepts, and bounds it.
 */

/** Plain decimal digits, no sign, exponent, spaces or leading zeros: how our forms write ids. */
const DIGITS = /^(0|[1-9][0-9]{0,15})$/;
const integer = (min: 0 | 1, message: string) =>
  z
    .union([z.number(), z.string().regex(DIGITS).transform(Number)], { error: message })
    .pipe(z.number().int(message).min(min, message).max(Number.MAX_SAFE_INTEGER, message));

/** A row id: a positive safe integer, as a number (JSON) or a form field's digits. */
export const idOf = (message = "This is not a valid id.") => integer(1, message);
export const idField = idOf();

/** A row version as the page saw it (0 for rows that start there). */
export const versionField = integer(0, "This is not a valid version.");

/** An environment's slug, as in its address. */
export const slugField = z.string().regex(/^[a-z0-9-]{1,64}$/, "This is not a valid environment.");

// C0 controls (NUL, ESC, BEL…) and DEL; multi-line text keeps tab, line feed and carriage return.
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROL_IN_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// Half of a UTF-16 pair without the other half: not a character, and not storable as UTF-8.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Whatever else a field says, no text is longer than this. */
const TEXT_MAX = 10_000;

export const CONTROL_MESSAGE = "Remove the control characters (such as NUL or ESC) from this text.";
export const BROKEN_TEXT_MESSAGE = "This text contains a broken character. Type it again.";

function text(control: RegExp) {
  return z
    .string()
    .max(TEXT_MAX, "This text is too long.")
    .refine((value) => !control.test(value), CONTROL_MESSAGE)
    .refine((value) => !LONE_SURROGATE.test(value), BROKEN_TEXT_MESSAGE);
}

/** One line of text (names, ids of other systems, searches): no control characters at all. Chain trim/min/max. */
export const line = text(CONTROL);
/** Text that may span lines (a justification): tab and line breaks allowed, other controls not. */
export const lines = text(CONTROL_IN_LINES);
/** An optional line: empty means none. */
export const optionalLine = (max: number) =>
  line
    .trim()
    .max(max, `Keep this under ${max} characters.`)
    .optional()
    .transform((value) => value || null);

/** A delegation's justification (ours): required, kept in the audit log. */
export const justificationField = lines
  .trim()
  .min(1, "Give a justification.")
  .max(500, "Keep the justification under 500 characters.");

/** An email address (user principal names too), lower-cased. */
export const emailField = (message = "Enter a valid email address.") =>
  line.trim().toLowerCase().max(320, "That address is too long.").pipe(z.email(message));

/** An unchecked checkbox is absent from the form; a checked one sends "on". */
export const checkbox = z
  .literal("on", "Tick the box or leave it clear.")
  .optional()
  .transform((value) => value === "on");

/**
 * A checkbox list, or an array in a JSON request: one value or many, each parsed by `item`, at
 * most `max`, each kept once (a repeated id would otherwise be handled twice).
 */
export const listOf = <T extends z.ZodType>(item: T, max: number) =>
  z
    .preprocess(
      (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
      z.array(item).max(max, `Choose at most ${max}.`),
    )
    .transform((values) => [...new Set(values)] as z.output<T>[]);

/** A `datetime-local` value, which has no zone: forms label it UTC. Empty means none. */
export const optionalUtcDateTime = line
  .trim()
  .max(40, "Enter a valid date and time.")
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

/** A mailbox's sync methods (DOMAIN §5), as their option values. */
export const incomingMethodField = z.literal(Object.values(IncomingMethod));
export const outgoingMethodField = z.literal(Object.values(OutgoingMethod));
export const actMethodField = z.literal(Object.values(ActMethod));

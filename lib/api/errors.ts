import { z } from "zod";
import type { Refusal } from "@/lib/services/result";

/**
 * The API's one error shape, with the codes the portal shows (0x80040256, 0x80090904, STALE_VERSION,
 * …) and an HTTP status that says the same thing to a script: what the browser shows as a refusal,
 * the API answers as this.
 */
export const ApiErrorBody = z
  .object({
    code: z.string().nullable().meta({ description: "The portal's error code (e.g. 0x80040256, NOT_FOUND)." }),
    reason: z
      .string()
      .nullable()
      .meta({ description: "Our reason code: the condition that failed (e.g. NOT_TENANT_ADMIN_OR_DMA)." }),
    message: z.string().meta({ description: "One plain sentence for people." }),
    details: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: "The field at fault, or each invalid part of the request." }),
  })
  .meta({ id: "Error" });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

/** Refusals that are not about rights: conflicts with the current state, and input the rules reject. */
const CONFLICTS = new Set(["STALE_VERSION", "PRECHECK_EXPIRED", "ALREADY_DELEGATED"]);

/** The status a service's refusal answers with. */
export function statusOfRefusal(refusal: Pick<Refusal, "code" | "reason" | "field">): number {
  if (refusal.code === "NOT_FOUND" || refusal.reason === "NOT_VISIBLE") return 404;
  if (refusal.code === "UNAUTHENTICATED") return 401;
  if (refusal.reason && CONFLICTS.has(refusal.reason)) return 409;
  // Input the rules refuse (an end date past the maximum, a bad field) carries no privilege code.
  if (refusal.field || refusal.code === null) return 422;
  return 403;
}

export function refusalFailure(refusal: Refusal, status = statusOfRefusal(refusal)): ApiFailure {
  return new ApiFailure(status, {
    code: refusal.code,
    reason: refusal.reason,
    message: refusal.message,
    details: refusal.field ? { field: refusal.field } : null,
  });
}

export function invalidRequest(error: z.ZodError, part: "path" | "query" | "body"): ApiFailure {
  return new ApiFailure(422, {
    code: null,
    reason: "INVALID_INPUT",
    message: error.issues[0]?.message ?? "Check what was sent.",
    details: {
      in: part,
      issues: error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
    },
  });
}

export const notFound = (message = "Not found.") =>
  new ApiFailure(404, { code: "NOT_FOUND", reason: "NOT_VISIBLE", message, details: null });

export function errorResponse(failure: ApiFailure, headers: Record<string, string> = {}): Response {
  return Response.json(failure.body, {
    status: failure.status,
    headers: { "Cache-Control": "no-store", ...headers, ...failure.headers },
  });
}

import type { z } from "zod";
import { MAX_BODY_BYTES } from "@/lib/http/request-body";
import { ApiFailure, invalidRequest } from "./errors";

/** Reading a request as the endpoints' schemas take it: path and query values, and a bounded JSON body. */

export function parse<S extends z.ZodType>(schema: S, value: unknown, part: "path" | "query" | "body"): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRequest(parsed.error, part);
  return parsed.data;
}

/** The query string as the schema reads it: each name once (the first value). */
export function queryOf(request: Request): Record<string, string> {
  const params = new URL(request.url).searchParams;
  return Object.fromEntries([...new Set(params.keys())].map((key) => [key, params.get(key)!]));
}

export async function jsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw new ApiFailure(415, {
      code: null,
      reason: "UNSUPPORTED_MEDIA_TYPE",
      message: "Send the body as JSON, with Content-Type: application/json.",
      details: null,
    });
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new ApiFailure(413, {
      code: null,
      reason: "BODY_TOO_LARGE",
      message: `Send at most ${MAX_BODY_BYTES / 1024 / 1024} MB in one request.`,
      details: null,
    });
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiFailure(400, {
      code: null,
      reason: "MALFORMED_JSON",
      message: "The body is not valid JSON.",
      details: null,
    });
  }
}

/**
 * Bodies the framework cannot decode answer 500 from inside Next, before any of our code runs: a
 * server action body that is not JSON or not UTF-8, multipart that does not parse, nesting deep
 * enough to overflow React's decoder, anything over the 1 MB server actions accept. Those cases are
 * certain and cheap to spot (one bounded read and parse of a body Next buffers anyway), so they are
 * refused here with a 4xx. What stays with Next is the Flight reply protocol itself (references to
 * parts that do not exist, typed values that do not parse): telling those apart means
 * re-implementing React's decoder. They still answer 500 and run no action.
 */

/** Next's server action limit (serverActions.bodySizeLimit, default 1 MB); no request of ours needs more. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Far above any real argument list (a form is two levels deep) and far below the decoder's stack. */
const MAX_DEPTH = 64;

export type BodyRefusal = { status: 400 | 413; message: string };

const TOO_LARGE: BodyRefusal = { status: 413, message: "Request body too large." };
const UNREADABLE: BodyRefusal = { status: 400, message: "Malformed request body." };

/** Null when the body may go on to Next; else why not. Call for non-safe methods only. */
export async function checkRequestBody(request: Request): Promise<BodyRefusal | null> {
  if (Number(request.headers.get("content-length")) > MAX_BODY_BYTES) return TOO_LARGE;
  const type = request.headers.get("content-type") ?? "";
  const isFetchAction = request.headers.has("next-action");
  const isMultipart = /^multipart\/form-data\b/i.test(type);
  // Only action bodies are decoded by Next itself; a form-urlencoded "action" Next answers 404 to.
  if (!isMultipart && (!isFetchAction || /^application\/x-www-form-urlencoded\b/i.test(type))) return null;

  const bytes = await readAtMost(request, MAX_BODY_BYTES);
  if (!bytes) return TOO_LARGE;
  const valid = isMultipart ? await isDecodableMultipart(bytes, type, isFetchAction) : isDecodableJson(bytes);
  return valid ? null : UNREADABLE;
}

/**
 * Multipart must parse. A fetch action's reply also needs its root part "0", and every part named
 * by a number alone is a JSON chunk of the reply (form fields are named "1_email" and so on).
 */
async function isDecodableMultipart(
  bytes: Uint8Array<ArrayBuffer>,
  type: string,
  isFetchAction: boolean,
): Promise<boolean> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    return false;
  }
  if (!isFetchAction) return true;
  // The root part is the argument list: text holding a JSON array, never a file.
  const root = form.get("0");
  if (typeof root !== "string" || !Array.isArray(shallowJson(root))) return false;
  for (const [name, value] of form) {
    if (/^\d+$/.test(name) && typeof value === "string" && shallowJson(value) === NOT_JSON) return false;
  }
  return true;
}

/** A fetch action's body is its argument list: UTF-8 JSON whose root is an array. */
function isDecodableJson(bytes: Uint8Array): boolean {
  try {
    return Array.isArray(shallowJson(new TextDecoder("utf-8", { fatal: true }).decode(bytes)));
  } catch {
    return false;
  }
}

const NOT_JSON = Symbol("not JSON");

/** The parsed value, or NOT_JSON when the text does not parse or nests deeper than MAX_DEPTH. */
function shallowJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
  const stack: [unknown, number][] = [[value, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (depth > MAX_DEPTH) return NOT_JSON;
    if (node && typeof node === "object") for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return value;
}

/** The body, or null when it is longer than the limit (a chunked body has no Content-Length to check). */
async function readAtMost(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    total += chunk.value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

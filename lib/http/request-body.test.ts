import { describe, expect, it } from "vitest";
import { checkRequestBody, MAX_BODY_BYTES } from "./request-body";

const ACTION = "7f".repeat(21);
const BOUNDARY = "----b";
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;
const multipart = (fields: [string, string][]) =>
  fields
    .map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join("") + `--${BOUNDARY}--\r\n`;

function post(body: BodyInit | null, headers: Record<string, string>) {
  return new Request("http://127.0.0.1/sign-in", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}
const action = (body: BodyInit, contentType = "text/plain;charset=UTF-8") =>
  post(body, { "next-action": ACTION, "content-type": contentType });
const status = async (request: Request) => (await checkRequestBody(request))?.status ?? "passes";

describe("checkRequestBody", () => {
  it.each([
    ["an action's JSON reply", action('["$K1"]'), "passes"],
    [
      "an action's multipart form",
      action(
        multipart([
          ["0", '["$undefined","$K1"]'],
          ["1_email", "a@b.c"],
        ]),
        MULTIPART,
      ),
      "passes",
    ],
    [
      "a form posted without JavaScript",
      post(
        multipart([
          ["$ACTION_ID_" + ACTION, ""],
          ["email", "x"],
        ]),
        { "content-type": MULTIPART },
      ),
      "passes",
    ],
    [
      "a sign-in to Auth.js (urlencoded, never read here)",
      post("email=%FF", { "content-type": "application/x-www-form-urlencoded" }),
      "passes",
    ],
    [
      "an action sent urlencoded (Next answers 404 itself)",
      action("a=%FF", "application/x-www-form-urlencoded"),
      "passes",
    ],
    ["a plain POST to a page", post("hello", {}), "passes"],
    ["an action body that is not JSON", action("{{{"), 400],
    ["an action body that is not UTF-8", action(new Uint8Array([0x5b, 0xff, 0x5d])), 400],
    ["an action body nested past the decoder's stack", action("[".repeat(100) + "]".repeat(100)), 400],
    ["multipart with no boundary", action(multipart([["0", "[]"]]), "multipart/form-data"), 400],
    ["truncated multipart", action(multipart([["0", "[]"]]).slice(0, 30), MULTIPART), 400],
    ["multipart without the reply's root part", action(multipart([["1_email", "x"]]), MULTIPART), 400],
    [
      "a reply part that is not JSON",
      action(
        multipart([
          ["0", '["$1"]'],
          ["1", "{{"],
        ]),
        MULTIPART,
      ),
      400,
    ],
    ["an action body whose root is not the argument list", action('"str"'), 400],
    ["an action body that is JSON null", action("null"), 400],
    ["multipart whose root part is not an argument list", action(multipart([["0", "5"]]), MULTIPART), 400],
    ["broken multipart without JavaScript", post("garbage", { "content-type": MULTIPART }), 400],
  ])("%s: %s", async (_case, request, expected) => {
    expect(await status(request)).toBe(expected);
  });

  it("refuses a declared body over 1 MB without reading it, whoever it is for", async () => {
    const request = post("x", {
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(MAX_BODY_BYTES + 1),
    });
    expect(await status(request)).toBe(413);
  });

  it("refuses an action body that turns out longer than 1 MB with no length declared", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 17; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    expect(await status(action(body))).toBe(413);
  });

  it("accepts an action body of exactly 1 MB", async () => {
    const json = JSON.stringify(["x".repeat(MAX_BODY_BYTES - 4)]);
    expect(new TextEncoder().encode(json).byteLength).toBe(MAX_BODY_BYTES);
    expect(await status(action(json))).toBe("passes");
  });
});

describe("the reply's root part", () => {
  it("is refused when sent as a file", async () => {
    const form = new FormData();
    form.append("0", new Blob(['["$K1"]']), "root.json");
    // No content type given: the Request sets multipart with its boundary, as a browser does.
    expect(await status(post(form, { "next-action": ACTION }))).toBe(400);
    const text = new FormData();
    text.append("0", '["$K1"]');
    expect(await status(post(text, { "next-action": ACTION }))).toBe("passes");
  });
});

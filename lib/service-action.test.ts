import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { idField, line } from "./form-schemas";
import type { Refusal, ServiceResult } from "./services/result";

// The helper's collaborators: who is signed in, the database, and Next's cache and navigation.
const calls = vi.hoisted(() => ({ events: [] as string[], signedIn: true }));
vi.mock("@/lib/auth/current-actor", () => ({
  getActor: async () => {
    if (!calls.signedIn) throw new Error("NEXT_REDIRECT /sign-in");
    return { id: 1, upn: "ava@contoso.com" };
  },
  getOrigin: async () => ({ clientIp: "127.0.0.1", userAgent: "test" }),
}));
vi.mock("@/db/client", () => ({ getDb: () => "the db" }));
vi.mock("next/cache", () => ({
  revalidatePath: (path: string, type?: string) => calls.events.push(`revalidate ${path} ${type ?? "page"}`),
}));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    calls.events.push(`redirect ${to}`);
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
}));

const { fieldsOf, formAction, inputAction, refusalOf, serviceAction } = await import("./service-action");

const Input = z.object({ slug: z.string(), environmentId: idField, name: line.trim().min(1).max(20) });
let service: ReturnType<
  typeof vi.fn<(input: z.output<typeof Input>, request: unknown) => ServiceResult<{ id: number }>>
>;
const action = () =>
  formAction(Input, (input, request) => service(input, request), {
    revalidate: ({ slug }) => [{ layout: `/environments/${slug}` }, "/my-mailbox"],
  });
const formOf = (fields: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(key, v);
  return data;
};
const IDLE = { status: "idle" as const };

beforeEach(() => {
  calls.events = [];
  calls.signedIn = true;
  service = vi.fn(() => ({ ok: true, message: "Saved.", id: 5 }));
});

describe("a form action", () => {
  it("parses the form, calls its service once with the input and the request, then refreshes the pages", async () => {
    const state = await action()(IDLE, formOf({ slug: "production", environmentId: "1", name: " Ops " }));
    expect(state).toEqual({ status: "done", message: "Saved." });
    expect(service).toHaveBeenCalledOnce();
    const [input, request] = service.mock.calls[0]!;
    expect(input).toEqual({ slug: "production", environmentId: 1, name: "Ops" });
    expect(request).toMatchObject({ db: "the db", actor: { id: 1 }, origin: { clientIp: "127.0.0.1" } });
    expect((request as { now: Date }).now).toBeInstanceOf(Date);
    expect(calls.events).toEqual(["revalidate /environments/production layout", "revalidate /my-mailbox page"]);
  });

  it.each([
    ["a form with bad fields", formOf({ slug: "production", environmentId: "-1", name: "a\u0000" })],
    ["an empty form", new FormData()],
    ["an object with bad fields", { slug: "production", environmentId: 1.5, name: "x" }],
    ["a string", "slug=production&environmentId=1"],
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["an array", [{ slug: "production", environmentId: 1, name: "x" }]],
    ["a date", new Date()],
    ["a map", new Map([["slug", "production"]])],
  ])("answers %s with a refusal state, never a throw, and calls no service", async (_label, payload) => {
    const state = await action()(IDLE, payload as FormData);
    expect(state.status).toBe("invalid");
    expect(state.message).toBe("Check the highlighted fields.");
    expect(service).not.toHaveBeenCalled();
    expect(calls.events).toEqual([]);
  });

  it("takes a plain object as readily as a form: a replayed request may send either", async () => {
    expect(
      await action()(IDLE, { slug: "sandbox", environmentId: "2", name: "Ops" } as unknown as FormData),
    ).toMatchObject({ status: "done" });
  });

  it("puts each field's problem next to that field", async () => {
    const state = await action()(IDLE, formOf({ slug: "production", environmentId: "x", name: "a\u001bb" }));
    expect(state.fieldErrors).toEqual({
      environmentId: "This is not a valid id.",
      name: "Remove the control characters (such as NUL or ESC) from this text.",
    });
  });

  it("answers a refusal with its code and reason, and refreshes nothing", async () => {
    service.mockReturnValue({ ok: false, code: "0x80040220", reason: "NOT_PERMITTED", message: "No." });
    expect(await action()(IDLE, formOf({ slug: "production", environmentId: "1", name: "x" }))).toEqual({
      status: "refused",
      code: "0x80040220",
      reason: "NOT_PERMITTED",
      message: "No.",
    });
    expect(calls.events).toEqual([]);
  });

  it("redirects last, after refreshing, and only on success", async () => {
    const redirecting = formAction(Input, (input, request) => service(input, request), {
      revalidate: () => ["/roles"],
      redirectTo: ({ slug }, result) => `/environments/${slug}/roles/${result.id}`,
    });
    await expect(redirecting(IDLE, formOf({ slug: "production", environmentId: "1", name: "x" }))).rejects.toThrow(
      "NEXT_REDIRECT /environments/production/roles/5",
    );
    expect(calls.events).toEqual(["revalidate /roles page", "redirect /environments/production/roles/5"]);
  });

  it("checks who is signed in before reading any input", async () => {
    calls.signedIn = false;
    await expect(action()(IDLE, "anything" as unknown as FormData)).rejects.toThrow("NEXT_REDIRECT /sign-in");
    expect(service).not.toHaveBeenCalled();
  });

  it("lets a service's own failure through to the error page", async () => {
    service.mockImplementation(() => {
      throw new Error("disk full");
    });
    await expect(action()(IDLE, formOf({ slug: "production", environmentId: "1", name: "x" }))).rejects.toThrow(
      "disk full",
    );
  });
});

describe("an action called with one object", () => {
  it("reads its first argument, and refuses anything else the same way", async () => {
    const act = serviceAction(Input, (input, request) => service(input, request));
    expect(await act({ slug: "production", environmentId: 1, name: "x" })).toMatchObject({ status: "done" });
    for (const payload of [null, "x", [], new FormData()])
      expect(await act(payload as never)).toMatchObject({ status: "invalid" });
    expect(service).toHaveBeenCalledOnce();
  });

  it("answering something else than a form state, turns bad input into its own answer", async () => {
    const read = inputAction(Input, (input): { found: string } | Refusal => ({ found: input.name }), refusalOf);
    expect(await read({ slug: "production", environmentId: 1, name: "x" })).toEqual({ found: "x" });
    expect(await read({ slug: "production", environmentId: 1, name: "x".repeat(21) } as never)).toMatchObject({
      ok: false,
      reason: "INVALID_INPUT",
      field: "name",
    });
    expect(
      await (
        inputAction(
          Input,
          (): string | null => "found",
          () => null,
        ) as (input: unknown) => Promise<unknown>
      )(undefined),
    ).toBeNull();
  });
});

describe("fieldsOf", () => {
  it("reads a form's fields, a repeated one (a checkbox list) as an array", () => {
    expect(fieldsOf(formOf({ slug: "production", roleIds: ["3", "4"], one: ["5"] }))).toEqual({
      slug: "production",
      roleIds: ["3", "4"],
      one: "5",
    });
  });

  it("keeps a field named __proto__ a plain field, not the object's prototype", () => {
    const data = new FormData();
    data.append("__proto__", "x");
    data.append("slug", "y");
    const fields = fieldsOf(data) as Record<string, unknown>;
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.keys(fields)).toEqual(["__proto__", "slug"]);
  });

  it("hands anything that is not a form to the schema as it is", () => {
    const payload = { slug: "x" };
    expect(fieldsOf(payload)).toBe(payload);
    expect(fieldsOf("text")).toBe("text");
    expect(fieldsOf(null)).toBeNull();
  });
});

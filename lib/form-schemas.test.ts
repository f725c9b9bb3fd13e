import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  BROKEN_TEXT_MESSAGE,
  checkbox,
  CONTROL_MESSAGE,
  emailField,
  idField,
  idOf,
  line,
  lines,
  listOf,
  optionalLine,
  optionalUtcDateTime,
  slugField,
  versionField,
} from "./form-schemas";

const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;
const messageOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;

describe("ids and versions", () => {
  it("take a positive safe integer as a number or as a form field's digits", () => {
    expect(idField.parse(7)).toBe(7);
    expect(idField.parse("7")).toBe(7);
    expect(idField.parse(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    0,
    -1,
    -0,
    1.5,
    2 ** 53,
    1e308,
    Infinity,
    NaN,
    "",
    " 7",
    "+3",
    "-5",
    "1.5",
    "1.0",
    "1e3",
    "0x10",
    "007",
    "9".repeat(400),
    "٣",
    null,
    undefined,
    true,
    [7],
    { id: 7 },
  ])("refuse %j", (value) => expect(accepts(idField, value)).toBe(false));

  it("say what to do in the field's own words", () => {
    expect(messageOf(idOf("Choose a user."), "")).toBe("Choose a user.");
    expect(messageOf(idOf("Choose a user."), -1)).toBe("Choose a user.");
  });

  it("versions start at 0 and are never negative, fractional or huge", () => {
    expect(versionField.parse("0")).toBe(0);
    expect(versionField.parse(12)).toBe(12);
    for (const value of [-1, 1.5, 2 ** 53, "", "abc", null]) expect(accepts(versionField, value)).toBe(false);
  });
});

describe("text", () => {
  it.each(["\u0000", "a\u0000b", "\u0007", "\u001b[31m", "\u007f", "\b", "\t", "\n", "\r"])(
    "one line refuses the control character in %j",
    (bad) => {
      expect(messageOf(line, `name${bad}`)).toBe(CONTROL_MESSAGE);
    },
  );

  it.each(["\ud800", "x\udfff", "\udbffx", "\udc00\ud800"])("refuses the lone surrogate in %j", (bad) => {
    expect(messageOf(line, bad)).toBe(BROKEN_TEXT_MESSAGE);
    expect(messageOf(lines, bad)).toBe(BROKEN_TEXT_MESSAGE);
  });

  it("keeps letters of every script, emoji (a surrogate pair) and punctuation", () => {
    for (const good of ["Zoë Ångström", "山田 太郎", "Team 🚀", "O'Brien-Smith (ops)", "ﬁ ß €"])
      expect(line.parse(good)).toBe(good);
  });

  it("multi-line text keeps tabs and line breaks a textarea sends, and nothing else", () => {
    expect(lines.parse("first\r\nsecond\tthird\n")).toBe("first\r\nsecond\tthird\n");
    expect(messageOf(lines, "a\u0000b")).toBe(CONTROL_MESSAGE);
    expect(messageOf(lines, "a\u001bb")).toBe(CONTROL_MESSAGE);
  });

  it("is bounded even where a schema forgets to say so", () => {
    expect(accepts(line, "x".repeat(10_000))).toBe(true);
    expect(accepts(line, "x".repeat(10_001))).toBe(false);
    expect(accepts(line, "x".repeat(1_000_000))).toBe(false);
  });

  it("refuses what is not a string", () => {
    for (const value of [42, null, [], {}, true]) expect(accepts(line, value)).toBe(false);
  });

  it("an optional line is null when empty, trimmed when not", () => {
    expect(optionalLine(10).parse("")).toBeNull();
    expect(optionalLine(10).parse(undefined)).toBeNull();
    expect(optionalLine(10).parse(" id ")).toBe("id");
    expect(accepts(optionalLine(10), "x".repeat(11))).toBe(false);
  });

  it("an email is trimmed and lower-cased, with no control character", () => {
    expect(emailField().parse(" Ava@Contoso.com ")).toBe("ava@contoso.com");
    expect(accepts(emailField(), "ava@contoso.com\u0000")).toBe(false);
    expect(accepts(emailField(), "not an email")).toBe(false);
  });
});

describe("form fields", () => {
  it("a slug is an environment address, nothing else", () => {
    expect(slugField.parse("production")).toBe("production");
    for (const value of ["", "Production", "../etc", "a/b", "__proto__", "x".repeat(65), 42])
      expect(accepts(slugField, value)).toBe(false);
  });

  it("a checkbox is ticked ('on') or absent", () => {
    expect(checkbox.parse("on")).toBe(true);
    expect(checkbox.parse(undefined)).toBe(false);
    expect(accepts(checkbox, "yes")).toBe(false);
  });

  it("a list takes one value or many, keeps each once, and is bounded", () => {
    const ids = listOf(idField, 3);
    expect(ids.parse("4")).toEqual([4]);
    expect(ids.parse(undefined)).toEqual([]);
    expect(ids.parse(["4", "4", 5])).toEqual([4, 5]);
    // The bound counts what was sent, before repeats are dropped.
    expect(accepts(ids, ["4", "4", "4", "4"])).toBe(false);
    expect(accepts(ids, ["1", "2", "3", "4"])).toBe(false);
    expect(accepts(ids, ["1", "x"])).toBe(false);
  });

  it("a date without a zone is UTC; an impossible one is refused", () => {
    expect(optionalUtcDateTime.parse("2026-12-01T10:00")).toEqual(new Date("2026-12-01T10:00:00Z"));
    expect(optionalUtcDateTime.parse("")).toBeNull();
    for (const value of ["2026-13-45T99:99", "tomorrow", "2026-12-01\u0000", "9".repeat(41)])
      expect(accepts(optionalUtcDateTime, value)).toBe(false);
  });
});

/**
 * Malformed values for the fuzz test, by the kind of field they are sent in. Every value here is
 * one no schema may accept for that kind, so a fuzzed request can never legitimately succeed; and
 * every string starts with the run's marker, so a value that got stored anyway can be found.
 */

/** mulberry32: a tiny seeded generator, so a failing run replays exactly from its seed. */
export function randomFrom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof randomFrom>;

export type Kind =
  | "slug"
  | "id"
  | "version"
  | "text"
  | "email"
  | "date"
  | "enum"
  | "bool"
  | "idList"
  | "enumList"
  | "items"
  | "matching"
  | "methods"
  | "values"
  | "depth";

/** A million characters: the largest value a request carries, one at most, so the body stays under the 1 MB servers take. */
export const oneMegabyte = (marker: string) => `${marker}${"x".repeat(1_000_000)}`;

/** Strings no text field may store: NUL and other control characters, lone surrogates. */
function badText(marker: string, isJson: boolean): string[] {
  const values = [
    `${marker}\u0000`,
    `${marker}a\u0000b`,
    `${marker}\u0007`,
    `${marker}\u001b[31m`,
    `${marker}\u007f`,
    `${marker}\u0008x`,
  ];
  // A lone surrogate survives only JSON's escapes: a multipart body would carry U+FFFD instead.
  return isJson ? [...values, `${marker}\ud800`, `${marker}\udfffz`, `\udbff${marker}`] : values;
}

/** Ids and versions: negative, zero, fractions, past the safe range, not numbers, not canonical. */
const BAD_NUMBERS: unknown[] = [
  -1,
  -0,
  1.5,
  2 ** 53,
  2 ** 64,
  1e308,
  "-5",
  "1.5",
  "1e3",
  "0x10",
  "+3",
  " 7",
  "1.0",
  "NaN",
  "Infinity",
  "9".repeat(400),
  "",
  "abc",
  null,
  true,
  [],
  {},
  [1],
  { $gt: 0 },
];

/** A value of this kind that its schema must refuse. `isJson`: the value travels as JSON, not as a form field. */
export function badValue(kind: Kind, r: Random, marker: string, isJson: boolean): unknown {
  const text = badText(marker, isJson);
  const ids = isJson ? BAD_NUMBERS : BAD_NUMBERS.filter((v) => typeof v === "string");
  switch (kind) {
    case "slug":
      return r.pick([...text, "", "../../etc", "a/b", "UPPER", "x".repeat(65), "__proto__", 42, null]);
    case "id":
      return r.pick([...ids, 0]);
    case "version":
      // "" and -0 are 0, a version some forms start from.
      return r.pick(ids.filter((v) => v !== "" && !Object.is(v, -0)));
    case "text":
      return r.pick([...text, ...(isJson ? [42, null, [], { toString: "x" }] : [])]);
    case "email":
      return r.pick([...text, `${marker}@`, `@${marker}`, `${marker} at contoso.com`, `${marker}@contoso.com\u0000`]);
    case "date":
      return r.pick([...text, "2026-13-45T99:99", "not a date", "9999999-01-01T00:00"]);
    case "enum":
    case "depth":
      return r.pick([...text, "__proto__", "constructor", "toString", ...(isJson ? [3, null, ["approve"]] : [])]);
    case "bool":
      return r.pick(isJson ? ["true", 1, null, [], `${marker}\u0000`] : text);
    case "idList":
    case "enumList":
      return isJson
        ? r.pick([
            r.pick(text),
            Array.from({ length: 101 }, (_, i) => i + 1),
            [-1, -1],
            [null],
            Array(3).fill(r.pick(text)),
          ])
        : r.pick(text);
    case "items":
      return isJson
        ? r.pick([
            [{ id: -1, version: 1 }],
            [{ id: 1.5 }],
            Array(100_001).fill({}),
            "items",
            [[1, 1]],
            { 0: { id: 1, version: 1 } },
          ])
        : r.pick(text);
    case "matching":
      return isJson
        ? r.pick([
            { view: "__proto__", q: "" },
            { view: "pending", q: "q".repeat(201) },
            { view: "constructor" },
            { q: `${marker}\u0000` },
            "all",
            [{ view: "pending", q: "" }],
          ])
        : r.pick(text);
    case "methods":
      return isJson ? r.pick([{ incoming: 7 }, { outgoing: "1" }, { act: -1 }, "methods", [0, 1, 2]]) : r.pick(text);
    case "values":
      return isJson
        ? r.pick([{}, { processApprovedUsersOnly: "false" }, { defaultIncomingMethod: 9 }, "values", [true]])
        : r.pick(text);
  }
}

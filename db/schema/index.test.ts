import fs from "node:fs";
import path from "node:path";
import { is, Table } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as chosen from ".";
import * as pg from "../pg/schema";
import * as tables from "./tables";

const tableNames = Object.entries(tables)
  .filter(([, value]) => is(value, Table))
  .map(([name]) => name);

describe("the tables the services import (db/schema)", () => {
  it("are SQLite's in a process without DATABASE_URL", () => {
    expect(tableNames.length).toBeGreaterThan(30);
    for (const name of tableNames)
      expect(chosen[name as keyof typeof chosen]).toBe(tables[name as keyof typeof tables]);
  });

  it("each one is chosen by dialect: a table left out would stay SQLite's on PostgreSQL", () => {
    const source = fs.readFileSync(path.join(import.meta.dirname, "index.ts"), "utf8");
    const chosenByDialect = [...source.matchAll(/^export const (\w+) = chosen\.\1;$/gm)].map((m) => m[1]);
    expect(chosenByDialect.sort()).toEqual([...tableNames].sort());
    expect(Object.keys(pg).sort()).toEqual([...tableNames].sort());
  });
});

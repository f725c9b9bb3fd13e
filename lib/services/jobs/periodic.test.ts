import { describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { createPeriodicTasks, sweepIntervalMs } from "./periodic";

describe("the periodic sweep", () => {
  it("runs every task in turn; one that fails neither stops the others nor the next sweep", async () => {
    const at = new Date("2026-11-27T12:00:00Z");
    const ran: string[] = [];
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const tasks = createPeriodicTasks(
      [
        { name: "first", run: async () => ran.push("first") },
        {
          name: "broken",
          run: async () => {
            throw new Error("boom");
          },
        },
        { name: "last", run: async (_db, now) => ran.push(`last ${now.toISOString()}`) },
      ],
      { everyMs: 60_000, clock: () => at },
    );
    expect(tasks.status()).toEqual({ everyMs: 60_000, lastRunAt: null });
    await tasks.runAll({} as Db);
    await tasks.runAll({} as Db);
    expect(ran).toEqual(["first", `last ${at.toISOString()}`, "first", `last ${at.toISOString()}`]);
    expect(error).toHaveBeenCalledTimes(2);
    expect(tasks.status().lastRunAt).toEqual(at);
    error.mockRestore();
  });

  it.each([
    [undefined, 60_000],
    ["2", 2_000],
    ["3600", 3_600_000],
    ["0", 60_000],
    ["1.5", 60_000],
    ["soon", 60_000],
    ["3601", 60_000],
  ])("MAILGATE_SWEEP_SECONDS=%s sweeps every %i ms", (value, expected) => {
    expect(sweepIntervalMs(value)).toBe(expected);
  });
});

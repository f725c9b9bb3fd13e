// `npm test`: everything CI runs — dependencies, Chromium, type check, lint, unit, end-to-end — with
// independent steps side by side on the machine's two cores, and how long each took at the end:
//   lane 1: route types (`next typegen`), type check and lint, then the production build (which then
//           skips checking the same types again);
//   lane 2: better-sqlite3's native build (a fresh install), then the end-to-end databases;
//   beside both: what is missing from apt, in one apt run (two cannot run at once: dpkg's lock) —
//           Chromium for the e2e specs, PostgreSQL for the unit tests (mostly download and unpacking);
//   then the end-to-end specs, as soon as lane 1, lane 2 and apt are done.
// The unit tests start once better-sqlite3 is built and PostgreSQL installed (they start throw-away
// clusters: scripts/pg-cluster.mjs), and run in one worker at a lower CPU priority (nice 10) to
// their end, beside lane 1 and then beside the end-to-end specs: they take the CPU time the steps on
// the way to the e2e specs leave over, so the specs never wait for them (they once waited 26 s with
// lane 1 done). The machine is CPU-bound throughout, so this fills gaps rather than saving time:
// fresh clones took 594–610 s after npm ci with it, 609 s without.
// A step run beside another prints its output when it ends (all of it when it fails); a failed
// step fails the run with exit code 1, and the table at the end marks every step that failed.
import fs from "node:fs";
import { prepareE2eDatabases, runPlaywright } from "./e2e-steps.mjs";
import { aptInstall, createPhases, ensureBuildAsync, ensureDependencies, runAsync } from "./lib.mjs";
import { findPostgresBin } from "./pg-cluster.mjs";

// The headless Chromium the e2e tests run (playwright.config.ts), from Debian's chromium-headless-shell.
const CHROMIUM = "/usr/lib/chromium/chromium-headless-shell";
const NEXT = "node_modules/next/dist/bin/next";
const phases = createPhases();
const say = (line) => console.log(`\n▶ ${line}`);
/** What a step run beside others printed, written out in one piece when it ends. */
const print = (output) => process.stdout.write(output);

/** The Debian packages the tests need and this machine lacks, by the name the timing table gives each. */
const missingFromApt = {
  ...(fs.existsSync(CHROMIUM) ? {} : { Chromium: "chromium-headless-shell" }),
  ...(findPostgresBin() ? {} : { PostgreSQL: "postgresql" }),
};

/**
 * Lane 1 runs at a lower priority than the native build (nice 5): better-sqlite3's compile is one
 * thread of about 95 CPU seconds that the e2e databases and the unit tests wait for, while lane 1
 * spreads over both cores. Sharing alike, the compile got two thirds of a core and ended 33 s after
 * lane 1 in a fresh clone, a core idle meanwhile; given a whole core, it ends about when lane 1 does.
 */
const LANE_1_NICE = 5;

/** Type check and lint, then the build: the build need not check the same types again. */
async function lane1() {
  const nice = LANE_1_NICE;
  await phases.time("route types (next typegen)", () => runAsync("node", [NEXT, "typegen"], { quiet: true, nice }));
  const checked = await phases.time("type check, lint, format, cycles", () =>
    runAsync("npm", ["run", "check"], { quiet: true, nice }),
  );
  print(checked);
  // In CI, a fresh clone each time, no later build reads Turbopack's build cache: it is not written.
  const env = { MAILGATE_TYPES_CHECKED: "1", ...(process.env.CI ? { MAILGATE_BUILD_CACHE: "0" } : {}) };
  await phases.time("production build", () => ensureBuildAsync({ env, nice }));
}

try {
  say("dependencies");
  const { nativeBuilt: native } = await phases.time("dependencies (npm ci without the native build)", () =>
    ensureDependencies({ deferNative: true }),
  );
  const nativeBuilt = phases.time("native build: better-sqlite3 (beside lane 1)", () => native);
  nativeBuilt.catch(() => {}); // reported by the steps that wait for it
  // Downloads and unpacks while the lanes compute. One run for all: the unit tests may wait for
  // Chromium too, but on a fresh machine the native build they also wait for takes longer.
  const missing = Object.keys(missingFromApt);
  const fromApt = missing.length
    ? phases
        .time(`${missing.join(" and ")} from apt (beside the lanes)`, () => aptInstall(Object.values(missingFromApt)))
        .then(print)
    : Promise.resolve();

  const unitTests = Promise.all([nativeBuilt, fromApt]).then(() =>
    phases.time("unit tests (nice 10, beside the rest)", () =>
      runAsync("npm", ["run", "test:unit", "--", "--maxWorkers=1"], { quiet: true, nice: 10 }),
    ),
  );
  const databases = nativeBuilt.then(() => phases.time("e2e databases", () => prepareE2eDatabases()));
  unitTests.then((output) => print(`\n▶ unit tests\n${output}`)).catch(() => {}); // reported below

  const beside = ["type check, lint and build", "e2e databases", "unit tests", ...(missing.length ? ["apt"] : [])];
  say(`${beside.join(" | ")} (side by side; output as each ends)`);
  const ready = await Promise.allSettled([lane1(), databases.then(print), fromApt]);
  const reasons = ready.filter((step) => step.status === "rejected").map((step) => step.reason.message);
  if (reasons.length) {
    await unitTests.catch((error) => reasons.push(error.message));
    throw new Error([...new Set(reasons)].join("\n✗ "));
  }

  say("end-to-end tests (the unit tests go on beside them)");
  const tests = await Promise.allSettled([
    phases.time("e2e: server start, sign-ins, specs", () => runPlaywright([])),
    unitTests,
  ]);
  const failures = tests.filter((step) => step.status === "rejected").map((step) => step.reason.message);
  if (failures.length) throw new Error(failures.join("\n✗ "));
  phases.print("✓ all tests passed");
} catch (error) {
  console.error(`\n✗ ${error.message}`);
  phases.print(`✗ npm test failed: ${phases.failed().join("; ") || error.message}`);
  process.exitCode = 1;
}

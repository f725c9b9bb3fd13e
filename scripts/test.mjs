// `npm test`: everything CI runs — dependencies, Chromium, type check, lint, unit, end-to-end — with
// independent steps side by side on the machine's two cores, and how long each took at the end:
//   lane 1: route types (`next typegen`), type check and lint, then the production build (which then
//           skips checking the same types again);
//   lane 2: better-sqlite3's native build (a fresh install), then the end-to-end databases;
//   beside both: Chromium from apt, when missing (mostly download and unpacking, little CPU);
//   then the end-to-end specs, as soon as lane 1 and lane 2 are done.
// The unit tests start once better-sqlite3 is built and run at a lower CPU priority (nice 10) to
// their end, beside lane 1 and then beside the end-to-end specs: they take the CPU time the steps on
// the way to the e2e specs leave over, so the specs never wait for them (they once waited 26 s with
// lane 1 done). The machine is CPU-bound throughout, so this fills gaps rather than saving time:
// fresh clones took 594–610 s after npm ci with it, 609 s without.
// A step run beside another prints its output when it ends (all of it when it fails); a failed
// step fails the run with exit code 1, and the table at the end marks every step that failed.
import fs from "node:fs";
import { prepareE2eDatabases, runPlaywright } from "./e2e-steps.mjs";
import { createPhases, ensureBuildAsync, ensureDependencies, runAsync } from "./lib.mjs";

// The headless Chromium the e2e tests run (playwright.config.ts), from Debian's chromium-headless-shell.
const CHROMIUM = "/usr/lib/chromium/chromium-headless-shell";
const NEXT = "node_modules/next/dist/bin/next";
const phases = createPhases();
const say = (line) => console.log(`\n▶ ${line}`);
/** What a step run beside others printed, written out in one piece when it ends. */
const print = (output) => process.stdout.write(output);

/** Debian's chromium-headless-shell, when missing; resolves with apt's output. */
async function installChromium() {
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  const apt = (...args) =>
    runAsync(sudo[0] ?? "apt-get", sudo.length ? ["apt-get", ...args] : args, {
      env: { DEBIAN_FRONTEND: "noninteractive" },
      quiet: true,
    });
  return (
    (await apt("update", "-qq")) +
    (await apt("install", "-y", "-qq", "--no-install-recommends", "chromium-headless-shell"))
  );
}

/** Type check and lint, then the build: the build need not check the same types again. */
async function lane1() {
  await phases.time("route types (next typegen)", () => runAsync("node", [NEXT, "typegen"], { quiet: true }));
  const checked = await phases.time("type check, lint, format, cycles", () =>
    runAsync("npm", ["run", "check"], { quiet: true }),
  );
  print(checked);
  // In CI, a fresh clone each time, no later build reads Turbopack's build cache: it is not written.
  const env = { MAILGATE_TYPES_CHECKED: "1", ...(process.env.CI ? { MAILGATE_BUILD_CACHE: "0" } : {}) };
  await phases.time("production build", () => ensureBuildAsync({ env }));
}

try {
  say("dependencies");
  const { nativeBuilt: native } = await phases.time("dependencies (npm ci without the native build)", () =>
    ensureDependencies({ deferNative: true }),
  );
  const nativeBuilt = phases.time("native build: better-sqlite3 (beside lane 1)", () => native);
  nativeBuilt.catch(() => {}); // reported by the steps that wait for it
  // Only the end-to-end tests need it: it downloads and unpacks while the lanes compute.
  const chromium = fs.existsSync(CHROMIUM)
    ? Promise.resolve()
    : phases.time("Chromium from apt (beside the lanes)", installChromium).then(print);

  const unitTests = nativeBuilt.then(() =>
    phases.time("unit tests (nice 10, beside the rest)", () =>
      runAsync("nice", ["-n", "10", "npm", "run", "test:unit"], { quiet: true }),
    ),
  );
  const databases = nativeBuilt.then(() => phases.time("e2e databases", () => prepareE2eDatabases()));
  unitTests.then((output) => print(`\n▶ unit tests\n${output}`)).catch(() => {}); // reported below

  say("type check, lint and build | e2e databases | unit tests | Chromium (side by side; output as each ends)");
  const ready = await Promise.allSettled([lane1(), databases.then(print), chromium]);
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

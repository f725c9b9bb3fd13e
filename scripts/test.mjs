// `npm test`: everything CI runs — dependencies, Chromium, type check, lint, unit, end-to-end — with
// independent steps side by side on the machine's two cores, and how long each took at the end:
//   beside both lanes: Chromium from apt, when missing (mostly download and unpacking, little CPU);
//   lane 1: route types (`next typegen`), type check and lint, then the production build (which then
//           skips checking the same types again);
//   lane 2: better-sqlite3's native build (a fresh install), then the unit tests and, beside them,
//           the end-to-end databases;
//   then, once both lanes passed, the end-to-end specs.
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
  process.stdout.write(checked);
  // In CI, a fresh clone each time, no later build reads Turbopack's build cache: it is not written.
  const env = { MAILGATE_TYPES_CHECKED: "1", ...(process.env.CI ? { MAILGATE_BUILD_CACHE: "0" } : {}) };
  await phases.time("production build", () => ensureBuildAsync({ env }));
}

/** Unit tests and the end-to-end databases, once better-sqlite3 is built; each prints as it ends. */
async function lane2(nativeBuilt) {
  await nativeBuilt;
  const print = (output) => process.stdout.write(output);
  const outcomes = await Promise.allSettled([
    phases.time("unit tests", () => runAsync("npm", ["run", "test:unit"], { quiet: true })).then(print),
    phases.time("e2e databases (beside the unit tests)", () => prepareE2eDatabases()).then(print),
  ]);
  const failed = outcomes.find((o) => o.status === "rejected");
  if (failed) throw failed.reason;
}

try {
  say("dependencies");
  const { nativeBuilt: native } = await phases.time("dependencies (npm ci without the native build)", () =>
    ensureDependencies({ deferNative: true }),
  );
  const nativeBuilt = phases.time("native build: better-sqlite3 (beside lane 1)", () => native);
  nativeBuilt.catch(() => {}); // reported where lane 2 awaits it
  // Only the end-to-end tests need it: it downloads and unpacks while the lanes compute.
  const chromium = fs.existsSync(CHROMIUM)
    ? Promise.resolve()
    : phases
        .time("Chromium from apt (beside the lanes)", installChromium)
        .then((output) => process.stdout.write(output));

  say("type check, lint and build | unit tests and e2e databases | Chromium (side by side; output as each ends)");
  const lanes = await Promise.allSettled([lane1(), lane2(nativeBuilt), chromium]);
  const reasons = lanes.filter((lane) => lane.status === "rejected").map((lane) => lane.reason.message);
  if (reasons.length) throw new Error(reasons.join("\n✗ "));

  say("end-to-end tests");
  await phases.time("e2e: server start, sign-ins, specs", () => runPlaywright([]));
  phases.print("✓ all tests passed");
} catch (error) {
  console.error(`\n✗ ${error.message}`);
  phases.print(`✗ npm test failed: ${phases.failed().join("; ") || error.message}`);
  process.exitCode = 1;
}

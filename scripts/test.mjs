// `npm test`: everything CI runs — dependencies, Chromium, type check, lint, unit, end-to-end — with
// independent steps side by side on the machine's two cores, and how long each took at the end:
//   lane 1: route types (`next typegen`), type check and lint, then the production build (which then
//           skips checking the same types again);
//   lane 2: better-sqlite3's native build (a fresh install), then the unit tests and, beside them,
//           the end-to-end databases;
//   then the end-to-end specs.
import fs from "node:fs";
import { prepareE2eDatabases, runPlaywright } from "./e2e-steps.mjs";
import { createPhases, ensureBuildAsync, ensureDependencies, run, runAsync } from "./lib.mjs";

const CHROMIUM = "/usr/lib/chromium/chromium";
const phases = createPhases();
const say = (line) => console.log(`\n▶ ${line}`);

try {
  say("dependencies");
  const { nativeBuilt: native } = await phases.time("dependencies (npm ci without the native build)", () =>
    ensureDependencies({ deferNative: true }),
  );
  const nativeBuilt = phases.time("native build: better-sqlite3 (beside lane 1)", () => native);
  nativeBuilt.catch(() => {}); // handled where lane 2 awaits it
  if (!fs.existsSync(CHROMIUM)) {
    say("Chromium from apt");
    await phases.time("Chromium from apt", () => {
      const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
      const apt = (...args) =>
        run(sudo[0] ?? "apt-get", sudo.length ? ["apt-get", ...args] : args, {
          env: { DEBIAN_FRONTEND: "noninteractive" },
        });
      apt("update", "-qq");
      apt("install", "-y", "-qq", "--no-install-recommends", "chromium");
    });
  }

  say("type check, lint and build | unit tests and e2e databases (side by side; output as each ends)");
  const next = ["node_modules/next/dist/bin/next"];
  const lane1 = (async () => {
    await phases.time("route types (next typegen)", () => runAsync("node", [...next, "typegen"], { quiet: true }));
    process.stdout.write(
      await phases.time("type check and lint", () => runAsync("npm", ["run", "check"], { quiet: true })),
    );
    // The types were just checked, route types included: the build need not check them again. In
    // CI, a fresh clone each time, no later build reads Turbopack's build cache: it is not written.
    const env = { MAILGATE_TYPES_CHECKED: "1", ...(process.env.CI ? { MAILGATE_BUILD_CACHE: "0" } : {}) };
    await phases.time("production build", () => ensureBuildAsync({ env }));
  })();
  const lane2 = (async () => {
    await nativeBuilt;
    const [unit, databases] = await Promise.all([
      phases.time("unit tests", () => runAsync("npm", ["run", "test:unit"], { quiet: true })),
      phases.time("e2e databases (beside the unit tests)", () => prepareE2eDatabases()),
    ]);
    process.stdout.write(unit + databases);
  })();
  const outcomes = await Promise.allSettled([lane1, lane2]);
  const failed = outcomes.find((o) => o.status === "rejected");
  if (failed) throw failed.reason;

  say("end-to-end tests");
  await phases.time("e2e: server start, sign-ins, specs", () => runPlaywright([]));
  phases.print("✓ all tests passed");
} catch (error) {
  console.error(`\n✗ ${error.message}`);
  phases.print("✗ npm test failed");
  process.exitCode = 1;
}

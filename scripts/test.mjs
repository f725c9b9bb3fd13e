// `npm test`: everything CI runs — dependencies, Chromium, type check, lint, unit, end-to-end.
import fs from "node:fs";
import { ensureDependencies, run } from "./lib.mjs";

const CHROMIUM = "/usr/lib/chromium/chromium";
const started = Date.now();
const step = (name) => console.log(`\n▶ ${name}  (+${((Date.now() - started) / 1000).toFixed(0)} s)`);

step("dependencies");
ensureDependencies();
if (!fs.existsSync(CHROMIUM)) {
  step("Chromium from apt");
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  const apt = (...args) =>
    run(sudo[0] ?? "apt-get", sudo.length ? ["apt-get", ...args] : args, {
      env: { DEBIAN_FRONTEND: "noninteractive" },
    });
  apt("update", "-qq");
  apt("install", "-y", "-qq", "--no-install-recommends", "chromium");
}

step("type check and lint");
run("npm", ["run", "check"]);
step("unit tests");
run("npm", ["run", "test:unit"]);
step("end-to-end tests");
run("node", ["scripts/e2e.mjs"]);
console.log(`\n✓ all tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);

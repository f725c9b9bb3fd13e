import { defineConfig, devices } from "@playwright/test";

// scripts/e2e.mjs picks a free port and builds first; run e2e through `npm run test:e2e`.
const port = Number(process.env.E2E_PORT);
if (!port) throw new Error("E2E_PORT is not set: run the end-to-end tests with `npm run test:e2e`.");
const baseURL = `http://127.0.0.1:${port}`;

const STANDALONE = /e2e\/(security|reliability|sso|postgres)\/.+\.spec\.ts$/;

const chromium = {
  ...devices["Desktop Chrome"],
  viewport: { width: 1280, height: 800 },
  launchOptions: {
    // Debian's chromium-headless-shell (scripts/test.mjs installs it): the headless build Playwright
    // itself runs by default, without the full browser's UI processes; about half the CPU per
    // page load of /usr/lib/chromium/chromium in headless mode.
    executablePath: "/usr/lib/chromium/chromium-headless-shell",
    args: [
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
      // One renderer process per site and context, as Chromium does on Android: the pages a kept
      // context opens one after another reuse its process and the scripts it compiled (e2e/personas.ts).
      "--process-per-site",
    ],
  },
};

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  // Generous for a loaded 2-core machine; a passing test here takes 5–15 s.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    // Pages show times in the browser's zone (a cookie tells the server): pinned, so specs that read
    // dates read the same text on any machine. e2e/time-zones.spec.ts chooses its own zones.
    timezoneId: "UTC",
    // A failed test keeps its trace (actions, network, console) and a screenshot. The trace's own
    // screencast and DOM snapshots are off: recorded for every test and thrown away when it passes,
    // they made Chromium paint and serialise each step (a 4-spec subset: Chromium 179 → 123 CPU s,
    // runner 38 → 33). Rerun a failure with `--trace on` for the step-by-step DOM.
    trace: { mode: "retain-on-failure", screenshots: false, snapshots: false },
    screenshot: "only-on-failure",
  },
  projects: [
    // Each persona signs in once (over HTTP, no browser); the specs in e2e/ reuse the sessions (e2e/personas.ts).
    { name: "sign-in", testMatch: /e2e\/sign-in\.setup\.ts$/, use: chromium },
    // The security, reliability, sso/ and postgres/ specs sign in their own way (over HTTP, or on
    // servers of their own): they need no kept session, so they start at once, beside the sign-ins.
    { name: "standalone", testMatch: STANDALONE, use: chromium },
    { name: "chromium", testMatch: /\.spec\.ts$/, testIgnore: STANDALONE, dependencies: ["sign-in"], use: chromium },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${baseURL}/sign-in`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});

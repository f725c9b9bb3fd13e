// `npm run test:e2e`: the production build and the test databases side by side, then Playwright on
// a free port (extra arguments pass through). Prints how long each phase took.
import { prepareE2eDatabases, runPlaywright } from "./e2e-steps.mjs";
import { createPhases, ensureBuildAsync } from "./lib.mjs";

const phases = createPhases();
try {
  const [, databases] = await Promise.all([
    phases.time("production build", () => ensureBuildAsync()),
    phases.time("e2e databases (beside the build)", () => prepareE2eDatabases()),
  ]);
  process.stdout.write(databases);
  await phases.time("Playwright: server start, sign-ins, specs", () => runPlaywright(process.argv.slice(2)));
} catch (error) {
  console.error(`\n✗ ${error.message}`);
  process.exitCode = 1;
} finally {
  phases.print("End-to-end phases");
}

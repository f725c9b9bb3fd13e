// `npm run test:e2e`: production build, a free port, then Playwright (extra arguments pass through).
import net from "node:net";
import { ensureBuild, run } from "./lib.mjs";

ensureBuild();
const port = await new Promise((resolve, reject) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
  probe.on("error", reject);
});
run("node", ["node_modules/@playwright/test/cli.js", "test", ...process.argv.slice(2)], {
  env: { E2E_PORT: String(port) },
});

// Preloaded into the bench's server by `npm run bench -- --profile` (node --import): SIGUSR2 starts
// the V8 sampling profiler, the next SIGUSR2 stops it and writes MAILGATE_PROFILE_DIR/<name>.cpuprofile,
// <name> read from the file `next-name` there. So a profile holds the measured load only, not the
// server's start, its compilation of routes or the warm-up.
import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";

const dir = process.env.MAILGATE_PROFILE_DIR;
const session = new inspector.Session();
session.connect();
const post = (method, params = {}) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );

let isRunning = false;
async function toggleProfiler() {
  if (!isRunning) {
    isRunning = true;
    await post("Profiler.enable");
    await post("Profiler.setSamplingInterval", { interval: 500 });
    await post("Profiler.start");
    return;
  }
  const { profile } = await post("Profiler.stop");
  isRunning = false;
  const name = fs.readFileSync(path.join(dir, "next-name"), "utf8").trim();
  // Written under another name first: the bench waits for the final name to appear whole.
  const file = path.join(dir, `${name}.cpuprofile`);
  fs.writeFileSync(`${file}.part`, JSON.stringify(profile));
  fs.renameSync(`${file}.part`, file);
}
process.on("SIGUSR2", () => void toggleProfiler().catch((error) => console.error("profiler:", error)));

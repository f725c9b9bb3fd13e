// The HTTP half of the benchmark: sign in like a browser, load-test pages with autocannon, and
// measure first-load JavaScript and the server's peak memory. Plain Node: autocannon has no types.
import fs from "node:fs";
import zlib from "node:zlib";
import autocannon from "autocannon";

/** Signs in through Auth.js's credentials endpoint and returns the Cookie header to send. */
export async function signIn(base, email, password) {
  const jar = new Map();
  const keep = (response) => {
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = await csrf.json();
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    // The portal refuses a POST without our Origin, as a browser would send it.
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header(), origin: new URL(base).origin },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${base}/` }),
  });
  keep(response);
  const session = await (await fetch(`${base}/api/auth/session`, { headers: { cookie: header() } })).json();
  if (!session?.user?.id)
    throw new Error(`sign-in as ${email} failed: ${response.status} ${response.headers.get("location")}`);
  return header();
}

/** One GET with the session; throws unless it is a 200 with the page's own content. */
export async function checkPage(base, cookie, page) {
  // A REST API page brings its own bearer token instead of the session.
  const response = await fetch(base + page.path, { headers: page.headers ?? { cookie }, redirect: "manual" });
  const html = await response.text();
  if (response.status !== 200)
    throw new Error(`${page.path}: HTTP ${response.status} ${response.headers.get("location") ?? ""}`);
  for (const needle of [page.marker, ...(page.expect ?? [])]) {
    if (!html.includes(needle)) throw new Error(`${page.path}: the page does not contain ${JSON.stringify(needle)}`);
  }
  for (const needle of page.reject ?? []) {
    if (html.includes(needle)) throw new Error(`${page.path}: the page contains ${JSON.stringify(needle)}`);
  }
  return html;
}

const run = (options, onResponse) =>
  new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    if (onResponse) instance.on("response", onResponse);
  });

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
const round = (n, digits = 1) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

/**
 * Warm-up, then the measured run: `durationS` seconds, or `amount` requests when given (no warm-up
 * then). autocannon reports no p95, so latencies are recorded per response and the percentiles
 * computed here; every body is checked for the page's marker. `keepLatencies` returns them too.
 */
export async function loadTest(
  base,
  cookie,
  page,
  { connections = 10, warmupS = 2, durationS = 10, amount, keepLatencies = false } = {},
) {
  const options = {
    url: base + page.path,
    connections,
    headers: page.headers ?? { cookie },
    verifyBody: (body) => body.includes(page.marker),
  };
  if (amount === undefined && warmupS > 0) await run({ ...options, duration: warmupS });
  const latencies = [];
  // The run's own clock: autocannon notices that `amount` is reached only on its once-a-second tick,
  // so its duration (and the req/s from it) of a 40-request slice reads 1 s or 2 s whatever the
  // page costs. Time to the last response is what the requests took.
  const started = performance.now();
  let lastResponse = started;
  const result = await run(
    amount === undefined ? { ...options, duration: durationS } : { ...options, amount },
    (_client, _status, _bytes, ms) => {
      latencies.push(ms);
      lastResponse = performance.now();
    },
  );
  const seconds = amount === undefined ? result.duration : (lastResponse - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rps: round(result.requests.total / seconds),
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
    p99_ms: round(percentile(latencies, 99)),
    requests: result.requests.total,
    seconds,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    errors: result.errors,
    timeouts: result.timeouts,
    bytes_per_response: Math.round(result.throughput.total / Math.max(1, result.requests.total)),
    ...(keepLatencies ? { latencies } : {}),
  };
}

const SCRIPT = /\/_next\/static\/[^"'\s<>\\]+?\.js/g;

/**
 * The gzip size of every /_next/static script the page's HTML references (Next 16 prints no sizes),
 * except the noModule polyfills, which modern browsers never load.
 */
export async function firstLoadJs(base, html) {
  const noModule = new Set(
    (html.match(/<script[^>]*\bnoModule\b[^>]*>/gi) ?? []).flatMap((tag) => tag.match(SCRIPT) ?? []),
  );
  const files = [...new Set(html.match(SCRIPT) ?? [])].filter((file) => !noModule.has(file));
  let bytes = 0;
  for (const file of files) {
    const response = await fetch(base + file);
    if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
    bytes += zlib.gzipSync(Buffer.from(await response.arrayBuffer())).length;
  }
  return { bytes, files: files.length };
}

/** VmHWM (peak resident set) of a process and its descendants, in MiB, summed. */
export function peakRssMb(pid) {
  const descendants = (p) => {
    const children = fs.readdirSync(`/proc/${p}/task`).flatMap((t) => {
      try {
        return fs.readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
      } catch {
        return [];
      }
    });
    return [p, ...children.flatMap(descendants)];
  };
  const kb = descendants(String(pid)).reduce(
    (sum, p) => sum + Number(fs.readFileSync(`/proc/${p}/status`, "utf8").match(/VmHWM:\s+(\d+)/)?.[1] ?? 0),
    0,
  );
  return Math.round(kb / 102.4) / 10;
}

/** Stops a server process: SIGTERM, then SIGKILL if it has not exited within 5 s. */
export async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

// Page measurements that hold still on a shared machine (issue 20): each page is measured in
// interleaved rounds against the baseline (baseline, page, baseline, page, …), so a neighbour's
// build slows both halves of a round alike and the page is judged on the median of the ratios.
// Beside the 10-connection throughput, one connection sends requests one after another: the
// latency a single person sees, without queueing behind nine others.
import fs from "node:fs";
import { loadTest } from "./http.mjs";

/**
 * CPU seconds (user + system) a process and its descendants have used so far, from /proc: with
 * them a slice also tells the server's CPU per request, which a busy neighbour hardly moves
 * (it takes turns on the cores, it does not make our code do more).
 */
export function cpuSeconds(pid) {
  // Several processes (a server and the PostgreSQL cluster it queries): their sum.
  if (Array.isArray(pid)) return pid.reduce((sum, p) => sum + cpuSeconds(p), 0);
  const tick = 100; // USER_HZ on Linux
  const tree = (p) => {
    let children = [];
    try {
      children = fs
        .readdirSync(`/proc/${p}/task`)
        .flatMap((t) => fs.readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean));
    } catch {
      // the process ended
    }
    return [String(p), ...children.flatMap(tree)];
  };
  return tree(pid).reduce((sum, p) => {
    try {
      const fields = fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      return sum + (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      return sum;
    }
  }, 0);
}

const round2 = (n) => Math.round(n * 100) / 100;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** One connection, `requests` requests back to back (after a few unmeasured ones): p50 and p95 in ms. */
export async function singleUser(base, cookie, page, { requests = 200, warmup = 10 } = {}) {
  await loadTest(base, cookie, page, { connections: 1, amount: warmup });
  const measured = await loadTest(base, cookie, page, { connections: 1, amount: requests });
  if (measured.non2xx || measured.mismatches || measured.errors)
    throw new Error(`${page.path}: ${measured.non2xx} non-2xx, ${measured.mismatches} wrong bodies single-user`);
  return { single_p50_ms: measured.p50_ms, single_p95_ms: measured.p95_ms, single_requests: measured.requests };
}

/**
 * `rounds` rounds at 10 connections, each `pairs` × (`requests` to the baseline, `requests` to the
 * page): short slices, so a neighbour's build that starts or stops mid-round weighs on both sides
 * alike. A slice is a number of requests, not of seconds, so it means something however slow the
 * shared machine is at that moment. A round's ratio is the page's req/s over the baseline's.
 * `serverPid` (one pid or several) is whose CPU is counted; `baselinePid`, when the baseline is served
 * by another server (the bench's SQLite server beside its PostgreSQL one), whose for the baseline.
 * Returns the page's figures in loadTest's shape (latencies pooled, req/s the median round's), the
 * ratio's median, min and max, every round, and the baseline's slices (the baseline's own figures pool them).
 */
export async function interleaved(
  base,
  cookie,
  page,
  baselinePage,
  { rounds = 3, pairs = 3, requests = 40, warmupS = 1, serverPid, baselinePid = serverPid } = {},
) {
  const slice = async (p) => {
    const pid = p === baselinePage ? baselinePid : serverPid;
    const cpuBefore = cpuSeconds(pid);
    const result = await loadTest(base, cookie, p, { amount: requests, keepLatencies: true });
    return { ...result, cpu_s: cpuSeconds(pid) - cpuBefore };
  };
  await loadTest(base, cookie, baselinePage, { warmupS, durationS: 0.5 });
  await loadTest(base, cookie, page, { warmupS, durationS: 0.5 });
  const each = [];
  for (let r = 0; r < rounds; r++) {
    const baselineSlices = [];
    const pageSlices = [];
    for (let i = 0; i < pairs; i++) {
      baselineSlices.push(await slice(baselinePage));
      pageSlices.push(await slice(page));
    }
    const rps = (slices) => slices.reduce((n, s) => n + s.requests, 0) / slices.reduce((t, s) => t + s.seconds, 0);
    each.push({
      baselineRps: rps(baselineSlices),
      pageRps: rps(pageSlices),
      baselineSlices,
      pageSlices,
    });
  }
  const ratios = each.map((e) => e.pageRps / e.baselineRps);
  const pooled = pool(each.flatMap((e) => e.pageSlices));
  const baselinePooled = pool(each.flatMap((e) => e.baselineSlices));
  return {
    ...pooled,
    rps: round1(median(each.map((e) => e.pageRps))),
    baseline_rps: round1(median(each.map((e) => e.baselineRps))),
    ratio_median: round2(median(ratios)),
    ratio_min: round2(Math.min(...ratios)),
    ratio_max: round2(Math.max(...ratios)),
    // Server CPU per request, page over baseline: what the ratio of req/s would be on idle cores.
    cpu_ratio: round2(baselinePooled.cpu_ms_per_request / pooled.cpu_ms_per_request),
    rounds: each.map((e, i) => ({
      baseline_rps: round1(e.baselineRps),
      rps: round1(e.pageRps),
      ratio: round2(ratios[i]),
    })),
    baselines: each.flatMap((e) => e.baselineSlices),
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
const round1 = (n) => (n === null ? null : Math.round(n * 10) / 10);

/** Several loadTest results as one: counts added, percentiles over every latency. */
export function pool(results) {
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const sum = (key) => results.reduce((s, r) => s + r[key], 0);
  const requests = sum("requests");
  return {
    rps: round1(requests / results.reduce((t, r) => t + r.seconds, 0)),
    p50_ms: round1(percentile(latencies, 50)),
    p95_ms: round1(percentile(latencies, 95)),
    p99_ms: round1(percentile(latencies, 99)),
    requests,
    non2xx: sum("non2xx"),
    mismatches: sum("mismatches"),
    errors: sum("errors"),
    timeouts: sum("timeouts"),
    bytes_per_response: Math.round(results.reduce((s, r) => s + r.bytes_per_response * r.requests, 0) / requests),
    cpu_ms_per_request: round2((results.reduce((s, r) => s + (r.cpu_s ?? 0), 0) * 1000) / requests),
  };
}

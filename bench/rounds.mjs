// Page measurements that hold still on a shared machine (issue 20): each page is measured in
// interleaved rounds against the baseline (baseline, page, baseline, page, …), so a neighbour's
// build slows both halves of a round alike and the page is judged on the median of the ratios.
// Beside the 10-connection throughput, one connection sends requests one after another: the
// latency a single person sees, without queueing behind nine others.
import { loadTest } from "./http.mjs";

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
 * `rounds` × (baseline, page) at 10 connections. Returns the page's figures in loadTest's shape
 * (its latencies pooled over the rounds, its req/s the median round's), the ratio's median, min and
 * max, and every round as measured.
 */
export async function interleaved(base, cookie, page, baselinePage, { rounds = 3, warmupS = 1, durationS = 5 } = {}) {
  const each = [];
  for (let r = 0; r < rounds; r++) {
    const baseline = await loadTest(base, cookie, baselinePage, { warmupS, durationS, keepLatencies: true });
    const measured = await loadTest(base, cookie, page, { warmupS, durationS, keepLatencies: true });
    each.push({ baseline, measured, ratio: measured.rps / baseline.rps });
  }
  const ratios = each.map((e) => e.ratio);
  const pooled = pool(each.map((e) => e.measured));
  return {
    ...pooled,
    rps: median(each.map((e) => e.measured.rps)),
    baseline_rps: median(each.map((e) => e.baseline.rps)),
    ratio_median: round2(median(ratios)),
    ratio_min: round2(Math.min(...ratios)),
    ratio_max: round2(Math.max(...ratios)),
    rounds: each.map((e) => ({ baseline_rps: e.baseline.rps, rps: e.measured.rps, ratio: round2(e.ratio) })),
    baselines: each.map((e) => e.baseline),
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
    rps: round1(median(results.map((r) => r.rps))),
    p50_ms: round1(percentile(latencies, 50)),
    p95_ms: round1(percentile(latencies, 95)),
    p99_ms: round1(percentile(latencies, 99)),
    requests,
    non2xx: sum("non2xx"),
    mismatches: sum("mismatches"),
    errors: sum("errors"),
    timeouts: sum("timeouts"),
    bytes_per_response: Math.round(results.reduce((s, r) => s + r.bytes_per_response * r.requests, 0) / requests),
  };
}

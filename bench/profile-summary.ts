// Where the server's CPU goes per request (issue 20): reads the profiles `npm run bench -- --profile`
// wrote (one per page, the measured load only), maps every frame through its source map to the
// original file and function, and files each sample under the innermost frame that names a part:
// SQL, HTML rendering, the RSC payload, Next's request handling, Auth.js, our code… Prints a table of
// CPU ms per request by part and page, and each page's heaviest functions. The sampler counts wall
// time, which on a busy shared machine includes turns other processes had: each part's share of
// the samples is applied to the CPU per request the kernel counted for the server (/proc) instead.
// Usage: tsx bench/profile-summary.ts <folder>
import fs from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Frame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type Node = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
type Origin = { file: string; name: string };

const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    let map: SourceMap | null = null;
    try {
      const file = url.startsWith("file://") ? fileURLToPath(url) : url;
      if (fs.existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  return maps.get(url)!;
}

/** The original file and function of a frame, when its bundle has a source map. */
function originOf(frame: Frame): Origin {
  const map = frame.url ? sourceMapOf(frame.url) : null;
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as
    | { originalSource?: string; name?: string }
    | undefined;
  const file = entry?.originalSource ?? frame.url;
  return { file, name: entry?.name || frame.functionName || "(anonymous)" };
}

// The innermost frame matching one of these names the sample's part (first match wins per frame).
const PARTS: [string, (o: Origin, f: Frame) => boolean][] = [
  ["SQL (better-sqlite3 + Drizzle)", (o) => /better-sqlite3|drizzle-orm/.test(o.file)],
  ["RSC payload (server components' render + Flight serialization)", (o) => /react-server-dom/.test(o.file)],
  ["HTML rendering (react-dom/server)", (o) => /react-dom.*server|react-dom-server/.test(o.file)],
  ["Auth.js session (JWE decrypt and re-encrypt)", (o) => /next-auth|@auth\/core|\/jose\/|oauth4webapi/.test(o.file)],
  ["zod (query and props parsing)", (o) => /\/zod\//.test(o.file)],
  ["our code: lib/ (services, policy, auth)", (o) => /(^|\/)lib\//.test(o.file) && !/node_modules/.test(o.file)],
  [
    "our code: app/, components/ (pages, layout)",
    (o) => /(^|\/)(app|components)\//.test(o.file) && !/node_modules/.test(o.file),
  ],
  ["our code: proxy.ts", (o) => /proxy\.ts/.test(o.file)],
  ["Next.js (routing, request and response handling)", (o) => /next\/dist|\[next\]|\/next\//.test(o.file)],
  ["React (other)", (o) => /\/react\//.test(o.file)],
  ["Node (http, streams, timers, zlib)", (o, f) => /^node:/.test(f.url) || /^node:/.test(o.file)],
];
const IDLE = new Set(["(idle)"]);
/** Parts that own everything below them: WebCrypto's jobs under the session's JWE, SQLite's native calls under Drizzle. */
const OWNERS = new Set(["SQL (better-sqlite3 + Drizzle)", "Auth.js session (JWE decrypt and re-encrypt)"]);

function summarize(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const partOfNode = new Map<number, string>();
  const partOf = (id: number): string => {
    const known = partOfNode.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const frame = node.callFrame;
    let part: string | undefined;
    if (frame.functionName === "(garbage collector)") part = "garbage collection";
    else if (frame.functionName === "(program)") part = "V8 and native code outside JS frames";
    else if (IDLE.has(frame.functionName)) part = "idle";
    else {
      const own = ownPart(id);
      const up = parent.get(id);
      const above = up === undefined ? undefined : partOf(up);
      part = above && OWNERS.has(above) ? above : (own ?? above ?? "other");
    }
    partOfNode.set(id, part);
    return part;
  };
  const ownPart = (id: number) => {
    const frame = byId.get(id)!.callFrame;
    return PARTS.find(([, test]) => test(originOf(frame), frame))?.[0];
  };
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const part = partOf(id);
    parts.set(part, (parts.get(part) ?? 0) + us);
    if (part !== "idle") {
      const o = originOf(byId.get(id)!.callFrame);
      const key = `${o.name} (${o.file.replace(/^.*node_modules\//, "").replace(/^.*\/(app|lib|components)\//, "$1/")})`;
      functions.set(key, (functions.get(key) ?? 0) + us);
    }
  });
  return { parts, functions };
}

function main() {
  const folder = process.argv[2]!;
  const pages = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => f.replace(/\.cpuprofile$/, ""));
  const result: Record<string, { requests: number; rps: number; ms_per_request: Record<string, number> }> = {};
  const lines: string[] = [];
  for (const page of pages) {
    const profile = JSON.parse(fs.readFileSync(path.join(folder, `${page}.cpuprofile`), "utf8")) as Profile;
    const load = JSON.parse(fs.readFileSync(path.join(folder, `${page}.json`), "utf8")) as {
      requests: number;
      rps: number;
      cpu_ms_per_request: number;
    };
    const { parts, functions } = summarize(profile);
    parts.delete("idle");
    const busy = [...parts].reduce((s, [, us]) => s + us, 0);
    const perRequest = (us: number) => Math.round((us / busy) * load.cpu_ms_per_request * 100) / 100;
    result[page] = {
      requests: load.requests,
      rps: load.rps,
      ms_per_request: Object.fromEntries(
        [...parts, ["total CPU (from /proc)", busy] as const].map(([p, us]) => [p, perRequest(us)]),
      ),
    };
    lines.push(`\n${page}: ${load.requests} requests, ${load.rps} req/s, ${perRequest(busy)} ms CPU per request`);
    for (const [name, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 25))
      lines.push(`  ${perRequest(us).toFixed(2).padStart(6)} ms  ${name}`);
  }
  const partNames = [...new Set(Object.values(result).flatMap((r) => Object.keys(r.ms_per_request)))];
  const table = [
    `| CPU ms per request | ${pages.join(" | ")} |`,
    `| - | ${pages.map(() => "-:").join(" | ")} |`,
    ...partNames.map((p) => `| ${p} | ${pages.map((pg) => result[pg]!.ms_per_request[p] ?? 0).join(" | ")} |`),
  ];
  // Shares hold still better than milliseconds: a busy machine stretches every part's CPU alike.
  const total = "total CPU (from /proc)";
  const shares = [
    `| share of the request's CPU | ${pages.join(" | ")} |`,
    `| - | ${pages.map(() => "-:").join(" | ")} |`,
    ...partNames
      .filter((p) => p !== total)
      .map(
        (p) =>
          `| ${p} | ${pages.map((pg) => `${Math.round(((result[pg]!.ms_per_request[p] ?? 0) / result[pg]!.ms_per_request[total]!) * 100)}%`).join(" | ")} |`,
      ),
  ];
  table.push("", ...shares);
  fs.writeFileSync(path.join(folder, "summary.json"), JSON.stringify(result, null, 2));
  fs.writeFileSync(path.join(folder, "summary.md"), [...table, "", "```", ...lines, "```", ""].join("\n"));
  console.log(table.join("\n"));
  console.log(lines.join("\n"));
}

main();

// The portal's HTTP server, for `npm start`, `npm run dev`, the end-to-end tests and the bench:
// Next's own request handler behind a bare node:http server.
//
// Why not `next start`: Next keeps a client-supplied X-Forwarded-For as it is and gives app code
// no other way to the socket, so nobody could tell a client's address from one it made up. This
// server stamps the socket's peer address into a header of ours on every request, overwriting any
// copy a client sent, and names that header in MAILGATE_PEER_HEADER; lib/auth/origin.ts believes
// X-Forwarded-For only when that peer is listed in MAILGATE_TRUSTED_PROXIES.
//
//   node scripts/server.mjs [--dev] [--hostname 127.0.0.1] [--port 3000]
import http from "node:http";
import { parseArgs } from "node:util";
import { root } from "./lib.mjs";

const PEER_HEADER = "x-mailgate-peer";

const { values } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    hostname: { type: "string" },
    port: { type: "string", default: process.env.PORT ?? "3000" },
  },
});
const port = Number(values.port);
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.MAILGATE_PEER_HEADER = PEER_HEADER;
// Behind a proxy that forwards neither host nor scheme, Auth.js builds its URLs, and decides
// whether its cookies are Secure, from the public origin rather than the internal one.
if (process.env.MAILGATE_ORIGIN) process.env.AUTH_URL ??= process.env.MAILGATE_ORIGIN;
// Before Next and React load: each picks its development or production build from it.
process.env.NODE_ENV ??= values.dev ? "development" : "production";
const { default: next } = await import("next");

const server = http.createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
  handle(req, res).catch((error) => {
    // What `next start` does with an error escaping Next: a bare 500, the details in the log.
    console.error(`Failed to handle ${req.method} ${req.url}`, error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
// An idle keep-alive connection stays open a minute, not Node's 5 s: a client that sends on a
// connection the server is closing at that moment gets a reset, not an answer (a POST is not
// retried). Clients and proxies in front time out first (load balancers commonly after 60 s); in
// the e2e fuzz run, a loaded machine left a pooled connection idle past 5 s.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
// instrumentation.ts calls this when the app's boot work is done (background jobs resumed or
// interrupted). Next's prepare() can resolve before register() has: a paused job must be taken
// before the server answers, so the server listens after both (or after a minute, and says so).
const booted = new Promise((resolve) => (globalThis.mailgateBooted = resolve));
const app = next({ dev: values.dev, dir: root, hostname: values.hostname, port, httpServer: server });
const handle = app.getRequestHandler();
await app.prepare();
const waited = await Promise.race([booted.then(() => true), new Promise((r) => setTimeout(r, 60_000, false))]);
if (!waited) console.error("the app's boot work (instrumentation.ts) has not ended after a minute; listening anyway");
server.listen(port, values.hostname, () => {
  console.log(
    `✓ Mailgate ${values.dev ? "(development) " : ""}listening on http://${values.hostname ?? "localhost"}:${port}`,
  );
});

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // The app's own shutdown starts at once (instrumentation.ts: background jobs pause between two
    // batches); the requests in flight finish; then Next cleans up, and the process exits only once
    // both are done.
    const shutdown = Promise.allSettled((globalThis.mailgateShutdown ?? []).map((stop) => stop()));
    server.close(() => void shutdown.then(() => app.close()).finally(() => process.exit(0)));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}

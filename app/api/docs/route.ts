import type { NextRequest } from "next/server";

/**
 * The API reference: Redoc renders /api/v1/openapi.json in the browser, from its bundle served by
 * this app (./redoc.standalone.js), never from a CDN. Public, like the document it renders. Its
 * scripts run under the request's nonce (the proxy's Content-Security-Policy).
 */
export function GET(request: NextRequest) {
  const policy = request.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1] ?? "";
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mailgate API reference</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="reference"></div>
<script nonce="${nonce}" src="/api/docs/redoc.standalone.js"></script>
<script nonce="${nonce}">
Redoc.init("/api/v1/openapi.json", { disableSearch: true, expandResponses: "200,201,202", hideHostname: true }, document.getElementById("reference"));
</script>
</body>
</html>
`;
  return new Response(html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

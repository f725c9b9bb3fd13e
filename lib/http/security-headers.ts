/**
 * The headers every response carries. Scripts run only with this request's nonce (Next reads it
 * from the Content-Security-Policy request header the proxy sets and stamps it on its own script
 * tags); 'strict-dynamic' lets those scripts load the rest of the bundle.
 */

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export type Transport = { https: boolean; dev: boolean };

export function contentSecurityPolicy(nonce: string, { https, dev }: Transport): string {
  return [
    "default-src 'self'",
    // React's development build reconstructs server stacks with eval; production never evaluates strings.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // The development overlay injects inline styles; production serves stylesheets only.
    `style-src 'self'${dev ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Powerful features the portal never uses, switched off for it and anything it could be tricked into embedding. */
const PERMISSIONS_POLICY = [
  "camera",
  "microphone",
  "geolocation",
  "payment",
  "usb",
  "serial",
  "hid",
  "midi",
  "display-capture",
  "screen-wake-lock",
  "publickey-credentials-get",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

export function securityHeaders(csp: string | null, { https }: Transport): Record<string, string> {
  return {
    ...(csp ? { "Content-Security-Policy": csp } : {}),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    // An admin portal has nothing for search engines, whatever a crawler makes of robots.txt.
    "X-Robots-Tag": "noindex, nofollow",
    // Only a deployment that serves TLS may promise browsers it always will.
    ...(https ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

import http from "node:http";

/**
 * Hand-made HTTP for attack replays: exactly the headers given (fetch would add none of Origin,
 * but node:http also lets a test pick the socket's own address, e.g. 127.0.0.2 for a client that
 * is not one of the e2e server's trusted proxies).
 */

export type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string; setCookies: string[] };
export type RawRequest = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  localAddress?: string;
};

export function send(
  url: string,
  { method = "GET", headers = {}, body, localAddress }: RawRequest = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers, localAddress }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          setCookies: response.headers["set-cookie"] ?? [],
        }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

/** A Cookie header value from Set-Cookie lines, later ones winning. */
export function cookieHeader(setCookies: string[], previous = ""): string {
  const jar = new Map(
    previous ? previous.split("; ").map((pair) => pair.split(/=(.*)/s).slice(0, 2) as [string, string]) : [],
  );
  for (const line of setCookies) {
    const [pair = ""] = line.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

type CredentialsRequest = Omit<RawRequest, "method" | "body"> & { origin?: string | null };

/**
 * One credentials sign-in through Auth.js's own endpoint, as a browser posts it: with our Origin
 * unless `origin` says otherwise (null: none). Returns the response and the cookies after it.
 */
export async function postCredentials(
  baseURL: string,
  email: string,
  password: string,
  { origin = baseURL, ...extra }: CredentialsRequest = {},
) {
  const csrf = await send(`${baseURL}/api/auth/csrf`, { headers: extra.headers, localAddress: extra.localAddress });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const cookie = cookieHeader(csrf.setCookies);
  const response = await send(`${baseURL}/api/auth/callback/credentials`, {
    ...extra,
    method: "POST",
    headers: {
      ...(origin === null ? {} : { origin }),
      cookie,
      "content-type": "application/x-www-form-urlencoded",
      ...extra.headers,
    },
    body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${baseURL}/` }).toString(),
  });
  return { response, cookie: cookieHeader(response.setCookies, cookie) };
}

/** The Cookie header of a signed-in session. */
export async function signedInCookie(baseURL: string, email: string, password: string): Promise<string> {
  const { cookie } = await postCredentials(baseURL, email, password);
  const session = JSON.parse((await send(`${baseURL}/api/auth/session`, { headers: { cookie } })).body) as {
    user?: { id?: string };
  } | null;
  if (!session?.user?.id) throw new Error(`signing in as ${email} failed`);
  return cookie;
}

/** Audit events whose text mentions `marker`, read through the JSON export as the given session. */
export async function auditEvents(
  baseURL: string,
  cookie: string,
  marker: string,
): Promise<{ action: string; clientIp: string | null; targetLabel: string | null }[]> {
  const response = await send(`${baseURL}/audit/export/json?q=${encodeURIComponent(marker)}`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`audit export answered ${response.status}`);
  return JSON.parse(response.body);
}

// A real OpenID provider for the end-to-end tests: the certified `oidc-provider` package, on a free
// loopback port, over HTTPS with a certificate made for this run (Auth.js's Entra ID provider
// refuses plain HTTP when it re-reads the tenant's metadata). Its directory starts empty; a test
// adds the accounts it signs in with, as an Entra admin would, by PUT /accounts/<login> with
// { password, claims: { oid, tid, upn, preferred_username, email, name, wids } }.
//
//   node scripts/e2e-oidc.mjs --dir DIR --client-id ID --client-secret SECRET --app-origin http://127.0.0.1:PORT
//
// Prints one line of JSON when it listens: { "issuer": "https://127.0.0.1:<port>", "ca": "<DIR>/cert.pem" }.
// The app server trusts the certificate through NODE_EXTRA_CA_CERTS=<ca>.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import fs from "node:fs";
import https from "node:https";
import { parseArgs } from "node:util";
import Provider from "oidc-provider";

const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    "client-id": { type: "string" },
    "client-secret": { type: "string" },
    "app-origin": { type: "string" },
  },
});
for (const name of ["dir", "client-id", "client-secret", "app-origin"])
  if (!values[name]) throw new Error(`--${name} is required`);

fs.mkdirSync(values.dir, { recursive: true });
const keyFile = path.join(values.dir, "key.pem");
const certFile = path.join(values.dir, "cert.pem");
execFileSync(
  "openssl",
  [
    ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"],
    ...["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
    ...["-keyout", keyFile, "-out", certFile],
  ],
  { stdio: "ignore" },
);

/** login (lower-case) → { password, claims } */
const accounts = new Map();
const SCOPE = "openid profile email";

const server = https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) });
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `https://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: values["client-id"],
      client_secret: values["client-secret"],
      redirect_uris: [`${values["app-origin"]}/api/auth/callback/microsoft-entra-id`],
      post_logout_redirect_uris: [`${values["app-origin"]}/sign-in`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  jwks: { keys: [crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" })] },
  cookies: { keys: [crypto.randomBytes(32).toString("base64url")] },
  // Entra puts these in the ID token itself, which is where Auth.js reads them.
  conformIdTokenClaims: false,
  claims: {
    openid: ["sub", "oid", "tid", "upn", "wids"],
    profile: ["name", "preferred_username"],
    email: ["email"],
  },
  // Its default pages load a web font from the internet: these have nothing to fetch.
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource(ctx, form) {
        ctx.body = page(
          "Sign out",
          `<h1>Sign out of your account?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`,
        );
      },
      postLogoutSuccessSource(ctx) {
        ctx.body = page("Signed out", "<h1>You have signed out.</h1>");
      },
    },
  },
  renderError(ctx, out) {
    ctx.type = "html";
    ctx.body = page(
      "Sign-in error",
      `<h1>Sign-in error</h1><p role="alert">${escape(out.error_description ?? out.error)}</p>`,
    );
  },
  pkce: { required: () => true },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return { accountId: id, claims: () => ({ sub: `sub-${account.claims.oid}`, ...account.claims }) };
  },
  // The portal's own registration, consented by an admin for the tenant: no consent screen.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(SCOPE);
    await grant.save();
    return grant;
  },
});

// The sign-in page and the test directory, in front of the provider's own routes.
provider.use(async (ctx, next) => {
  const interaction = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
  if (interaction && ctx.method === "GET") return loginPage(ctx, interaction[1], null);
  if (interaction && ctx.method === "POST") {
    const form = new URLSearchParams(await readBody(ctx.req));
    const login = (form.get("login") ?? "").trim().toLowerCase();
    const account = accounts.get(login);
    if (!account || account.password !== form.get("password"))
      return loginPage(ctx, interaction[1], "Your account or password is incorrect.");
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
    ctx.respond = false;
    return;
  }
  const directory = /^\/accounts\/([^/]+)$/.exec(ctx.path);
  if (directory && ctx.method === "PUT") {
    const { password, claims } = JSON.parse(await readBody(ctx.req));
    accounts.set(decodeURIComponent(directory[1]).toLowerCase(), { password, claims });
    ctx.status = 204;
    return;
  }
  return next();
});

async function loginPage(ctx, uid, error) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) ctx.throw(400, "interaction mismatch");
  ctx.type = "html";
  ctx.set("cache-control", "no-store");
  ctx.body = page(
    "Sign in to your account",
    `<h1>Sign in</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}">
<label>Email <input name="login" type="email" autocomplete="username" value="${escape(details.params.login_hint ?? "")}"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>`,
  );
}

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

function escape(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Why a token request was refused (invalid_grant has many causes), in the e2e server's log.
for (const event of ["grant.error", "server_error", "authorization.error"])
  provider.on(event, (_ctx, error) =>
    console.error(`oidc-provider ${event}: ${error.message} ${error.error_detail ?? ""}`),
  );
server.on("request", provider.callback());
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
console.log(JSON.stringify({ issuer, ca: certFile }));

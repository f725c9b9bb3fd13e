import { expect } from "@playwright/test";
import { upn } from "./helpers";
import { PERSONAS, storageStateOf, test as setup, type Persona } from "./personas";
import { newClient, signInOver } from "./security/sign-in-http";

// The "sign-in" project, which every spec waits for: each persona signs in once, over HTTP through
// Auth.js's credentials callback (what the form's action does, without a browser page per person),
// and the portal's home page then greets them by name; the session is kept for the specs (see
// e2e/personas.ts). Signing in through the form is what e2e/sign-in.spec.ts and other specs prove.
for (const [alias, name] of Object.entries(PERSONAS) as [Persona, string][]) {
  setup(`${alias} signs in and the portal greets them by name; the session is kept`, async () => {
    const client = await newClient();
    expect(await signInOver(client, upn(alias))).toBe("signed-in");
    const home = await client.http.get("/");
    expect(home.status()).toBe(200);
    expect(await home.text()).toContain(`aria-label="Account menu for ${name}"`);
    await client.http.storageState({ path: storageStateOf(alias) });
    await client.http.dispose();
  });
}

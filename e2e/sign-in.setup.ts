import { test as setup } from "@playwright/test";
import { signInAndWait } from "./helpers";
import { PERSONAS, storageStateOf, type Persona } from "./personas";

// The "sign-in" project, which every spec waits for: each persona signs in once through the real
// form and sees their name; the session is kept for the specs (see e2e/personas.ts).
for (const [alias, name] of Object.entries(PERSONAS) as [Persona, string][]) {
  setup(`${alias} signs in through the form and sees their name; the session is kept`, async ({ page }) => {
    await signInAndWait(page, alias, name);
    await page.context().storageState({ path: storageStateOf(alias) });
  });
}

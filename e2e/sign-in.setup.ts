import { signInAndWait } from "./helpers";
import { PERSONAS, storageStateOf, test as setup, type Persona } from "./personas";

// The "sign-in" project, which every spec waits for: each persona signs in once through the real
// form and sees their name; the session is kept for the specs (see e2e/personas.ts). Each starts
// with no cookies, in a context of the worker's that the last sign-in left (its HTTP cache warm).
for (const [alias, name] of Object.entries(PERSONAS) as [Persona, string][]) {
  setup(`${alias} signs in through the form and sees their name; the session is kept`, async ({ signedOut }) => {
    const page = await signedOut();
    await signInAndWait(page, alias, name);
    await page.context().storageState({ path: storageStateOf(alias) });
  });
}

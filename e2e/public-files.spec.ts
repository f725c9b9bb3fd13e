import { expect, test } from "@playwright/test";

// public/: the icons a browser shows for the portal, and the robots.txt that keeps an admin portal
// out of search engines. All reachable signed out, as browsers and crawlers ask for them.

test("robots.txt turns every crawler away, signed out, and every page says noindex too", async ({ request }) => {
  const robots = await request.get("/robots.txt", { maxRedirects: 0 });
  expect(robots.status()).toBe(200);
  expect(robots.headers()["content-type"]).toContain("text/plain");
  expect((await robots.text()).split("\n").filter((line) => line && !line.startsWith("#"))).toEqual([
    "User-agent: *",
    "Disallow: /",
  ]);
  const signIn = await request.get("/sign-in");
  expect(signIn.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  expect(await signIn.text()).toMatch(/<meta name="robots" content="noindex, nofollow"\s*\/?>/);
});

test("the sign-in page names the favicon, the SVG icon and the Apple touch icon, and each is served signed out", async ({
  page,
  request,
}) => {
  await page.goto("/sign-in");
  const icons = await page
    .locator('link[rel="icon"], link[rel="apple-touch-icon"]')
    .evaluateAll((links) => links.map((l) => `${l.getAttribute("rel")} ${l.getAttribute("href")}`));
  expect(icons.sort()).toEqual(["apple-touch-icon /apple-touch-icon.png", "icon /favicon.ico", "icon /icon.svg"]);
  const types = {
    "/favicon.ico": "image/x-icon",
    "/icon.svg": "image/svg+xml",
    "/apple-touch-icon.png": "image/png",
  };
  for (const [path, type] of Object.entries(types)) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
    expect(response.headers()["content-type"], path).toBe(type);
  }
});

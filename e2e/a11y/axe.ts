import axe from "axe-core";
import { expect, type Page } from "@playwright/test";

// Issue 17's checks: light mode runs every rule of the WCAG 2.2 AA tags, dark mode the colour rules
// (all the theme changes).
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

type Scheme = "light" | "dark";
type InPage = { axe: typeof axe };

/**
 * The page's critical and serious violations in one colour scheme, one line each, so a failure names
 * what to fix. axe-core (~600 KB of script) goes into the page once and serves both schemes, until
 * the page navigates (@axe-core/playwright's legacy mode compiled it twice per check).
 */
export async function seriousViolations(page: Page, colorScheme: Scheme): Promise<string[]> {
  // Only the page's own document is checked: the portal has no frames, and a page that gains one
  // fails here instead of leaving the frame unchecked.
  expect(page.frames(), `${page.url()} has no frames`).toHaveLength(1);
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  await page.emulateMedia({ colorScheme });
  const runOnly = colorScheme === "dark" ? { type: "rule", values: COLOUR_RULES } : { type: "tag", values: TAGS };
  return page.evaluate(
    async ({ runOnly }) => {
      const { violations } = await (window as unknown as InPage).axe.run(document, {
        runOnly: runOnly as axe.RunOnly,
        resultTypes: ["violations"],
        iframes: false,
      });
      return violations
        .filter((v) => v.impact === "critical" || v.impact === "serious")
        .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    },
    { runOnly },
  );
}

/** Both schemes on the page as it is, each as a soft assertion named by `what`. */
export async function expectNoSeriousViolations(page: Page, what: string) {
  for (const colorScheme of ["light", "dark"] as const)
    expect.soft(await seriousViolations(page, colorScheme), `${what}, ${colorScheme} mode`).toEqual([]);
}

import { expect, test, type Page } from "@playwright/test";
import { signInAndWait } from "../helpers";

// Issue 17: focus is visible on every control, in both themes: a ring of at least 2 px whose colour
// contrasts 3:1 with what lies behind it (WCAG 2.4.7, 1.4.11) — on the header bar too, where the
// brand-coloured ring once vanished on the brand-coloured bar. Checked by tabbing through pages.

type Stop = { name: string; outline: string; width: number; ratio: number };

/** Tabs through the page once and measures the focus ring of every stop. */
async function focusStops(page: Page, limit: number): Promise<Stop[]> {
  const stops: Stop[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body || el.hasAttribute("data-focus-seen")) return null;
      // Marked, so the walk ends when focus comes round again.
      el.setAttribute("data-focus-seen", "");
      const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
      };
      // The ring is drawn outside the control (outline-offset), over its parent's background.
      let behind = "rgb(255, 255, 255)";
      for (let node = el.parentElement; node; node = node.parentElement) {
        const bg = getComputedStyle(node).backgroundColor;
        const parts = rgb(bg);
        if (parts.length >= 3 && (parts.length === 3 || parts[3]! > 0)) {
          behind = bg;
          break;
        }
      }
      const style = getComputedStyle(el);
      const [a, b] = [luminance(rgb(style.outlineColor)), luminance(rgb(behind))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const name = `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"`;
      return { name, outline: style.outlineStyle, width: parseFloat(style.outlineWidth), ratio };
    });
    if (!stop) break;
    stops.push(stop);
  }
  return stops;
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`${colorScheme} mode: every tab stop of the header, the mailboxes grid and a mailbox shows a 3:1 focus ring`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme });
    await signInAndWait(page, "sam", "Sam Sato");
    for (const [url, control] of [
      ["/environments/production/mailboxes?view=pending&q=nina", 'input "Select Nina Novak"'],
      ["/environments/production/settings/email", 'button "Save"'],
    ] as const) {
      await page.goto(url);
      const stops = await focusStops(page, 80);
      expect(stops.map((s) => s.name)).toEqual(
        expect.arrayContaining(['button "Environment, Contoso Production"', 'a "Skip to content"', control]),
      );
      const weak = stops.filter((s) => s.outline === "none" || s.width < 2 || s.ratio < 3);
      expect(weak, `${url}: focus rings that are missing or under 3:1`).toEqual([]);
    }
  });
}

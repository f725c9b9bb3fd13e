/**
 * Says `text` through the root layout's live regions (live-regions.tsx): polite for results,
 * `assertive` only for refusals. The region is emptied first and filled a moment later, so the
 * same sentence twice in a row is read twice.
 */
export function announce(text: string, { assertive = false }: { assertive?: boolean } = {}) {
  const region = document.getElementById(assertive ? "live-assertive" : "live-polite");
  if (!region) return;
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
  }, 100);
}

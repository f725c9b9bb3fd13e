/**
 * The page's two live regions, in the root layout so they exist before anything is said through
 * them (a region inserted together with its text is often not read). Polite for results, assertive
 * only for refusals. Client code speaks through announce() (announce.ts).
 */
export function LiveRegions() {
  return (
    <>
      <div id="live-polite" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="live-polite" />
      <div
        id="live-assertive"
        aria-live="assertive"
        aria-atomic="true"
        className="sr-only"
        data-testid="live-assertive"
      />
    </>
  );
}

import { useId } from "react";
import type { TimeText } from "@/lib/time/time-text";

/**
 * A moment in the viewer's zone, with the same moment in UTC in a tooltip that shows on hover and
 * on keyboard focus (a `title` would be mouse-only) and is the element's accessible description.
 * No state: server pages and client grids both render it from strings the server wrote.
 */
export function LocalTime({ text }: { text: TimeText }) {
  return <TimeWithTip text={text} tipId={useId()} />;
}

/**
 * LocalTime with the tooltip's id given: a grid names it after its row (a React id is 20
 * characters, written twice in each of a page's 50–100 time cells; issue 20).
 */
export function TimeWithTip({ text, tipId }: { text: TimeText; tipId: string }) {
  return (
    <time dateTime={text.iso} tabIndex={0} aria-describedby={tipId} className="local-time">
      {text.local}
      <span id={tipId} role="tooltip" className="local-time-tip">
        {text.utc}
      </span>
    </time>
  );
}

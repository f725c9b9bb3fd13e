import { useId } from "react";
import type { TimeText } from "@/lib/time/time-text";

/**
 * A moment in the viewer's zone, with the same moment in UTC in a tooltip that shows on hover and
 * on keyboard focus (a `title` would be mouse-only) and is the element's accessible description.
 * No state: server pages and client grids both render it from strings the server wrote.
 */
export function LocalTime({ text }: { text: TimeText }) {
  const id = useId();
  return (
    <time dateTime={text.iso} tabIndex={0} aria-describedby={id} className="local-time">
      {text.local}
      <span id={id} role="tooltip" className="local-time-tip">
        {text.utc}
      </span>
    </time>
  );
}

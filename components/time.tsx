import { LocalTime } from "@/components/local-time";
import { viewerTimeZone } from "@/lib/time/viewer-zone";
import { timeText, type TimeKind } from "@/lib/time/time-text";

/** A moment on a server-rendered page, in the viewer's zone; `empty` when there is none. */
export async function Time({
  value,
  kind = "dateTime",
  empty = "—",
}: {
  value: Date | number | null | undefined;
  kind?: TimeKind;
  empty?: string;
}) {
  if (value == null) return <>{empty}</>;
  return <LocalTime text={timeText(value, await viewerTimeZone(), kind)} />;
}

"use client";

import { useState } from "react";
import { Field } from "@/components/ui/field";
import { useViewerTimeZone } from "@/components/viewer-time-zone";
import { wallClockToInstant } from "@/lib/time/zone";

/** A day without a time ends at its last minute, in the viewer's zone. */
const END_OF_DAY = "23:59";

/** What the form sends: the exact instant (ISO, UTC), empty for none, "invalid" so the schema says so. */
export function endDateValue(date: string, time: string, zone: string): string {
  if (!date) return "";
  return wallClockToInstant(date, time || END_OF_DAY, zone)?.toISOString() ?? "invalid";
}

/**
 * A delegation's end: a date and an optional time, read in the viewer's time zone and sent as the
 * instant they name, so the server stores exactly what the person meant wherever they are. In a
 * form it posts `name`; controlled forms get the same value through `onValueChange`.
 */
export function EndDateField({
  name,
  isRequired,
  error,
  hint,
  onValueChange,
}: {
  name?: string;
  isRequired: boolean;
  error?: string;
  hint?: string;
  onValueChange?: (value: string) => void;
}) {
  const zone = useViewerTimeZone();
  const [date, setDate] = useState("");
  const [time, setTime] = useState("");
  const value = endDateValue(date, time, zone);
  const change = (nextDate: string, nextTime: string) => {
    setDate(nextDate);
    setTime(nextTime);
    onValueChange?.(endDateValue(nextDate, nextTime, zone));
  };
  const zoneHint = `In your time zone, ${zone}. Without a time it ends at ${END_OF_DAY} that day.`;
  return (
    <div className="grid grid-cols-[1fr_9rem] gap-3">
      <Field
        label={isRequired ? "End date" : "End date (optional)"}
        type="date"
        value={date}
        required={isRequired}
        onChange={(e) => change(e.target.value, time)}
        error={error}
        hint={hint ? `${hint} ${zoneHint}` : zoneHint}
      />
      <Field label="End time (optional)" type="time" value={time} onChange={(e) => change(date, e.target.value)} />
      {name && <input type="hidden" name={name} value={value} />}
    </div>
  );
}

import { recordStream } from "@/lib/http/record-stream";

/** Newline-delimited JSON, one record a line, streamed; `onEnd` runs once, however the stream ends. */
export function ndjsonStream<T>(
  rows: Iterator<T> | AsyncIterator<T>,
  toJson: (row: T) => unknown,
  onEnd: () => void | Promise<void>,
) {
  return recordStream(rows, { record: (row) => `${JSON.stringify(toJson(row))}\n` }, onEnd);
}

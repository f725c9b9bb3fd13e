const ROWS_PER_CHUNK = 200;

export type RecordFormat<T> = {
  /** Written before the first record (a CSV header, a JSON array's "["). */
  head?: string;
  /** One record's text; `index` counts the records before it. */
  record: (row: T, index: number) => string;
  /** Written after the last record, given how many there were. */
  tail?: (count: number) => string;
};

/**
 * A byte stream that pulls rows only as fast as the client reads, 200 records a chunk: an export
 * of a million events never sits in memory. `onEnd` runs once, however the stream ends (done,
 * failed, or cancelled), so the caller's read connection is always closed.
 */
export function recordStream<T>(
  rows: Iterator<T> | AsyncIterator<T>,
  format: RecordFormat<T>,
  onEnd: () => void | Promise<void>,
) {
  const encoder = new TextEncoder();
  let count = 0;
  let isEnded = false;
  const end = async () => {
    if (!isEnded) {
      isEnded = true;
      await onEnd();
    }
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (format.head) controller.enqueue(encoder.encode(format.head));
    },
    async pull(controller) {
      try {
        let chunk = "";
        for (let i = 0; i < ROWS_PER_CHUNK; i++) {
          const next = await rows.next();
          if (next.done) {
            chunk += format.tail?.(count) ?? "";
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            await end();
            return;
          }
          chunk += format.record(next.value, count);
          count += 1;
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        controller.error(error);
        await end();
      }
    },
    async cancel() {
      await rows.return?.();
      await end();
    },
  });
}

const ROWS_PER_CHUNK = 200;

/**
 * Newline-delimited JSON, one record a line, pulled only as fast as the client reads (an export of
 * a million events never sits in memory). `onEnd` runs once, however the stream ends.
 */
export function ndjsonStream<T>(rows: Iterator<T>, toJson: (row: T) => unknown, onEnd: () => void) {
  const encoder = new TextEncoder();
  let isEnded = false;
  const end = () => {
    if (!isEnded) onEnd();
    isEnded = true;
  };
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      try {
        let chunk = "";
        for (let i = 0; i < ROWS_PER_CHUNK; i++) {
          const next = rows.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            end();
            return;
          }
          chunk += `${JSON.stringify(toJson(next.value))}\n`;
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        end();
        controller.error(error);
      }
    },
    cancel() {
      rows.return?.();
      end();
    },
  });
}

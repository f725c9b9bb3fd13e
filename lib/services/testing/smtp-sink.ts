import { SMTPServer, type SMTPServerOptions } from "smtp-server";

/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port, for service tests: it
 * collects what it accepts, can refuse recipients with a permanent 550, and can be stopped and
 * started again on the same port, as a mail server that goes down and comes back.
 */
export type SunkMessage = {
  to: string[];
  messageId: string | null;
  subject: string | null;
  /** The headers, unfolded: one line each. */
  head: string;
  raw: string;
};

export async function startSmtpSink(options: { refuse?: (to: string) => boolean } = {}) {
  const messages: SunkMessage[] = [];
  const config: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address))
        return callback(Object.assign(new Error("No such mailbox"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      stream.on("end", () => {
        // Long headers are folded onto several lines; unfolded, each is one line again.
        const head = raw.split("\r\n\r\n")[0]!.replace(/\r\n[ \t]+/g, " ");
        const header = (name: string) => new RegExp(`^${name}: *(.*)$`, "im").exec(head)?.[1] ?? null;
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: header("Message-ID"),
          subject: header("Subject"),
          head,
          raw,
        });
        callback();
      });
    },
  };
  let server = new SMTPServer(config);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** Stops listening: connections are refused until `start`. */
    stop: close,
    start: async () => {
      server = new SMTPServer(config);
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    close,
  };
}

// A real SMTP server for the end-to-end tests: the `smtp-server` package on a free loopback port,
// keeping every message it accepts (parsed by `mailparser`), with a small control API on a second
// loopback port so a test can read what arrived and stop or start the mail server:
//
//   GET  /messages  every message so far: { messageId, to, subject, text, html, listUnsubscribe, … }
//   POST /stop      stop listening (connections are refused, as from a server that is down)
//   POST /start     listen again on the same port
//
// Prints one line of JSON when it listens: { "smtpUrl": "smtp://127.0.0.1:<port>", "control": "http://127.0.0.1:<port>" }.
import http from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const messages = [];
const options = {
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  async onData(stream, session, callback) {
    try {
      const mail = await simpleParser(stream);
      messages.push({
        messageId: mail.messageId ?? null,
        from: mail.from?.text ?? null,
        to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        subject: mail.subject ?? null,
        text: mail.text ?? "",
        html: typeof mail.html === "string" ? mail.html : "",
        listUnsubscribe: /<([^>]+)>/.exec(rawHeader(mail, "list-unsubscribe") ?? "")?.[1] ?? null,
        listUnsubscribePost: rawHeader(mail, "list-unsubscribe-post"),
        receivedAt: new Date().toISOString(),
      });
      callback();
    } catch (error) {
      callback(error);
    }
  },
};

/** A header as sent, unfolded and without its name (mailparser parses List-* headers into another shape). */
function rawHeader(mail, name) {
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  return line ? line.replace(/\r?\n[ \t]+/g, " ").replace(/^[^:]+:\s*/, "") : null;
}

let smtp = new SMTPServer(options);
await new Promise((resolve) => smtp.listen(0, "127.0.0.1", resolve));
const smtpPort = smtp.server.address().port;
let isListening = true;

/** The control API's answer to one request (its handler below catches what this throws). */
async function answerControl(req, res) {
  const answer = (status, body) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };
  if (req.method === "GET" && req.url === "/messages") return answer(200, messages);
  if (req.method === "POST" && req.url === "/stop") {
    if (isListening) await new Promise((resolve) => smtp.close(resolve));
    isListening = false;
    return answer(200, { listening: false });
  }
  if (req.method === "POST" && req.url === "/start") {
    if (!isListening) {
      smtp = new SMTPServer(options);
      await new Promise((resolve) => smtp.listen(smtpPort, "127.0.0.1", resolve));
      isListening = true;
    }
    return answer(200, { listening: true });
  }
  answer(404, { error: "not found" });
}
const control = http.createServer((req, res) => {
  answerControl(req, res).catch((error) => {
    res.writeHead(500, { "Content-Type": "text/plain" });
    res.end(String(error));
  });
});
await new Promise((resolve) => control.listen(0, "127.0.0.1", resolve));

for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    control.close();
    if (isListening) smtp.close(() => process.exit(0));
    else process.exit(0);
  });
console.log(
  JSON.stringify({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, control: `http://127.0.0.1:${control.address().port}` }),
);

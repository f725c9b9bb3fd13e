import fs from "node:fs";
import { e2eDatabasePath } from "../security/e2e-db";

/** A message as the e2e SMTP server (scripts/e2e-smtp.mjs) received and parsed it. */
export type Mail = {
  messageId: string | null;
  from: string | null;
  to: string[];
  subject: string | null;
  text: string;
  html: string;
  listUnsubscribe: string | null;
  listUnsubscribePost: string | null;
};

/** The SMTP server scripts/e2e-server.mjs started for this run, through its control address. */
export function mailServer() {
  // Read when first used: the file is written when the e2e server starts, after the specs are loaded.
  const control = () =>
    (JSON.parse(fs.readFileSync(e2eDatabasePath().replace(/\.db$/, ".smtp.json"), "utf8")) as { control: string })
      .control;
  const call = async (method: "GET" | "POST", path: string) => {
    const response = await fetch(`${control()}${path}`, { method });
    if (!response.ok) throw new Error(`SMTP control ${method} ${path}: ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  const messages = async () => (await call("GET", "/messages")) as Mail[];
  return {
    messages,
    /** What reached one address, optionally with one subject. */
    to: async (address: string, subject?: string) =>
      (await messages()).filter((m) => m.to.includes(address) && (subject === undefined || m.subject === subject)),
    /** The mail server goes down: connections are refused until `start`. */
    stop: () => call("POST", "/stop"),
    start: () => call("POST", "/start"),
  };
}

/** The address a line of an email's text ends with, e.g. "Review pending mailboxes: <url>". */
export function linkAfter(text: string, label: string): string {
  const match = new RegExp(`^${label}: (\\S+)$`, "m").exec(text);
  if (!match) throw new Error(`no "${label}" link in:\n${text}`);
  return match[1]!;
}

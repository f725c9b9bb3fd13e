import "server-only";
/**
 * The two templates every email is made from, plain text and HTML, filled from one structured
 * message. The HTML template escapes every value it is given (names, addresses, reasons and notes
 * are typed by people), and links are absolute so they work from a mail client.
 */

export type MessageContent = {
  title: string;
  /** The in-app body: one or two plain sentences. */
  body: string;
  /** e.g. the mailboxes of a digest, one line each. */
  items?: string[];
  /** A person's own words: a rejection's reason, an owner's note. */
  quote?: { label: string; text: string };
  link?: { href: string; label: string } | null;
};

export type EmailFrame = {
  baseUrl: string;
  /** What the recipient may stop receiving, and the one-click link that stops it. */
  kindLabel: string;
  unsubscribeUrl: string;
};

export type RenderedEmail = { subject: string; text: string; html: string };

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Subjects are one line: a name with a line break in it must not start a header of its own. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, " ").trim();

const absolute = (baseUrl: string, href: string) => (/^https?:\/\//.test(href) ? href : `${baseUrl}${href}`);

export function renderText(message: MessageContent, frame: EmailFrame): string {
  const lines = [oneLine(message.title), "", message.body];
  if (message.quote) lines.push("", `${message.quote.label}:`, ...message.quote.text.split("\n").map((l) => `  ${l}`));
  if (message.items?.length) lines.push("", ...message.items.map((item) => `- ${item}`));
  if (message.link) lines.push("", `${message.link.label}: ${absolute(frame.baseUrl, message.link.href)}`);
  lines.push(
    "",
    "--",
    `You receive this because of: ${frame.kindLabel}.`,
    `Stop these emails: ${frame.unsubscribeUrl}`,
    `All your notifications: ${frame.baseUrl}/notifications`,
  );
  return lines.join("\n");
}

export function renderHtml(message: MessageContent, frame: EmailFrame): string {
  const e = escapeHtml;
  const parts = [`<h1 style="font-size:18px">${e(oneLine(message.title))}</h1>`, `<p>${e(message.body)}</p>`];
  if (message.quote)
    parts.push(
      `<p><strong>${e(message.quote.label)}:</strong></p>`,
      `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:12px;white-space:pre-wrap">${e(message.quote.text)}</blockquote>`,
    );
  if (message.items?.length) parts.push(`<ul>${message.items.map((item) => `<li>${e(item)}</li>`).join("")}</ul>`);
  if (message.link)
    parts.push(`<p><a href="${e(absolute(frame.baseUrl, message.link.href))}">${e(message.link.label)}</a></p>`);
  parts.push(
    `<hr><p style="font-size:12px;color:#555">You receive this because of: ${e(frame.kindLabel)}. ` +
      `<a href="${e(frame.unsubscribeUrl)}">Stop these emails</a> · ` +
      `<a href="${e(`${frame.baseUrl}/notifications`)}">All your notifications</a></p>`,
  );
  return `<!doctype html><html><body style="font-family:Segoe UI,system-ui,sans-serif">${parts.join("\n")}</body></html>`;
}

export function renderEmail(message: MessageContent, frame: EmailFrame): RenderedEmail {
  return { subject: oneLine(message.title), text: renderText(message, frame), html: renderHtml(message, frame) };
}

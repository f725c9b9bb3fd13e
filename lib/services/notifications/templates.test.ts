import { describe, expect, it } from "vitest";
import { renderEmail } from "./templates";

const frame = {
  baseUrl: "https://mailgate.example.com",
  kindLabel: "Your mailbox approved or rejected",
  unsubscribeUrl: "https://mailgate.example.com/unsubscribe?u=1&k=mailbox-decision&t=abc",
};
const hostile = `<script>alert("x")</script> & 'quotes'`;

describe("email templates", () => {
  const email = renderEmail(
    {
      title: `Your mailbox ${hostile}\r\nBcc: someone@evil.example was rejected`,
      body: `By ${hostile}.`,
      items: [`${hostile} <a@contoso.com>`],
      quote: { label: "Reason", text: `${hostile}\nsecond line` },
      link: { href: `/environments/x/mailboxes/1?q="><img src=x>`, label: "Open mailbox" },
    },
    frame,
  );

  it("the HTML escapes every value it is given", () => {
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img");
    expect(email.html).not.toContain("<a@contoso.com>");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;");
    expect(email.html).toContain(
      'href="https://mailgate.example.com/environments/x/mailboxes/1?q=&quot;&gt;&lt;img src=x&gt;"',
    );
    expect(email.html).toContain(
      'href="https://mailgate.example.com/unsubscribe?u=1&amp;k=mailbox-decision&amp;t=abc"',
    );
  });

  it("the subject is one line, so no value can add a header", () => {
    expect(email.subject).toBe(`Your mailbox ${hostile} Bcc: someone@evil.example was rejected`);
  });

  it("the text has the same content, absolute links and the unsubscribe link", () => {
    expect(email.text.split("\n")).toEqual([
      `Your mailbox ${hostile} Bcc: someone@evil.example was rejected`,
      "",
      `By ${hostile}.`,
      "",
      "Reason:",
      `  ${hostile}`,
      "  second line",
      "",
      `- ${hostile} <a@contoso.com>`,
      "",
      `Open mailbox: https://mailgate.example.com/environments/x/mailboxes/1?q="><img src=x>`,
      "",
      "--",
      "You receive this because of: Your mailbox approved or rejected.",
      `Stop these emails: ${frame.unsubscribeUrl}`,
      "All your notifications: https://mailgate.example.com/notifications",
    ]);
  });
});

import type { EnvironmentPage } from "@/lib/policy/access";

/** How the job page words each kind of job, by the page it was started from. */

export const COUNT_LABELS: Record<string, string> = {
  succeeded: "Succeeded",
  failed: "Failed",
  notRun: "Not run",
  refused: "Refused",
  changed: "Changed",
  unchanged: "Unchanged",
};

/** Where each kind of job was started: what its items are called, and where to start it again. */
export const ORIGINS: Partial<
  Record<
    EnvironmentPage,
    {
      item: string;
      restart: string;
      failures: string;
      detail: string;
      empty: string;
      omitted: string;
    }
  >
> = {
  "server-profiles": {
    item: "mailbox",
    restart: "Start it again from the server profile.",
    failures: "Failures",
    detail: "Alerts or reason",
    empty: "No failures.",
    omitted: "the Test failures view of Mailboxes shows them all.",
  },
  mailboxes: {
    item: "row",
    restart: "Select the mailboxes again to finish the run; rows already done report as unchanged.",
    failures: "Refused",
    detail: "Reason",
    empty: "No rows refused.",
    omitted: "open a mailbox's \u201cWhy can\u2019t I approve this?\u201d for its reason.",
  },
};

import { REFUSED_ACTION_NAMES } from "@/lib/policy/audit-names";
import { openE2eDatabase as openReadOnly } from "./e2e-db";

/** Real ids the replays need, read (never written) from the database. */
export function demoFacts() {
  const db = openReadOnly();
  try {
    const one = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { id: number }).id;
    return {
      onboardingId: one("select id from environments where slug = 'onboarding'"),
      onboardingMailboxId: one(
        "select m.id from mailboxes m join environments e on e.id = m.environment_id where e.slug = 'onboarding' order by m.id limit 1",
      ),
      bobDirectoryId: one("select id from directory_users where upn = 'bob@contoso.com'"),
    };
  } finally {
    db.close();
  }
}

export type Traces = { auditEvents: number; markedRows: Record<string, number> };

/**
 * What a fuzz run left in the database, read-only while other specs keep changing it:
 * - audit events its requests caused: every write in lib/services is one transaction with its
 *   audit event, and each event records the request's User-Agent, which only the fuzz client sends;
 * - rows of any table (new tables included) holding the run's marker, which starts every string
 *   the fuzz sends: a malformed value stored as-is, audited or not.
 */
export function fuzzTraces(marker: string, userAgent: string): Traces {
  const db = openReadOnly();
  try {
    const auditEvents =
      // A refused attempt (bob approving ava's mailbox) is logged as one on purpose (issue 17); it changes nothing.
      (
        db
          .prepare(
            `select count(*) as n from audit_events where user_agent = ? and action not in (${REFUSED_ACTION_NAMES.map(() => "?").join(", ")})`,
          )
          .get(userAgent, ...REFUSED_ACTION_NAMES) as { n: number }
      ).n;
    const markedRows: Record<string, number> = {};
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .all() as { name: string }[];
    for (const { name } of tables) {
      const columns = db.prepare(`select name from pragma_table_info(?)`).all(name) as { name: string }[];
      const where = columns.map((c) => `instr(cast("${c.name}" as text), @marker) > 0`).join(" or ");
      const n = (db.prepare(`select count(*) as n from "${name}" where ${where}`).get({ marker }) as { n: number }).n;
      if (n > 0) markedRows[name] = n;
    }
    return { auditEvents, markedRows };
  } finally {
    db.close();
  }
}

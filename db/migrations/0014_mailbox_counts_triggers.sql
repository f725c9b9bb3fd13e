-- The grid's view counts (issue 20): `mailbox_counts` holds, per environment, how many mailboxes
-- have each (is_active, email_status, mailbox_status). Triggers keep it in the same statement, so
-- in the same transaction, as every insert, delete and status change of a mailbox, whoever writes
-- it. drizzle-kit cannot express triggers, so this part is written by hand (`drizzle-kit generate --custom`).
INSERT INTO `mailbox_counts` (`environment_id`, `is_active`, `email_status`, `mailbox_status`, `n`)
SELECT `environment_id`, `is_active`, `email_status`, `mailbox_status`, count(*) FROM `mailboxes`
GROUP BY `environment_id`, `is_active`, `email_status`, `mailbox_status`;
--> statement-breakpoint
CREATE TRIGGER mailbox_counts_after_insert AFTER INSERT ON mailboxes
BEGIN
  INSERT INTO mailbox_counts (environment_id, is_active, email_status, mailbox_status, n)
  VALUES (new.environment_id, new.is_active, new.email_status, new.mailbox_status, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER mailbox_counts_after_delete AFTER DELETE ON mailboxes
BEGIN
  UPDATE mailbox_counts SET n = n - 1
  WHERE environment_id = old.environment_id AND is_active = old.is_active
    AND email_status = old.email_status AND mailbox_status = old.mailbox_status;
END;
--> statement-breakpoint
-- Only when a counted column really changes: approvals that find a mailbox already approved, and
-- every other column's update (sync methods, test times), pay nothing.
CREATE TRIGGER mailbox_counts_after_update AFTER UPDATE OF environment_id, is_active, email_status, mailbox_status ON mailboxes
WHEN old.environment_id IS NOT new.environment_id OR old.is_active IS NOT new.is_active
  OR old.email_status IS NOT new.email_status OR old.mailbox_status IS NOT new.mailbox_status
BEGIN
  UPDATE mailbox_counts SET n = n - 1
  WHERE environment_id = old.environment_id AND is_active = old.is_active
    AND email_status = old.email_status AND mailbox_status = old.mailbox_status;
  INSERT INTO mailbox_counts (environment_id, is_active, email_status, mailbox_status, n)
  VALUES (new.environment_id, new.is_active, new.email_status, new.mailbox_status, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Grid search (issue 7): a trigram index over each mailbox's name and address answers "contains"
-- without reading every mailbox of the environment. It reads its text from `mailboxes` (external
-- content) and the triggers below keep it in step. drizzle-kit cannot express virtual tables or
-- triggers, so this migration is written by hand (`drizzle-kit generate --custom`).
CREATE VIRTUAL TABLE `mailbox_search` USING fts5(name, email_address, content='mailboxes', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
INSERT INTO `mailbox_search`(`mailbox_search`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER mailbox_search_after_insert AFTER INSERT ON mailboxes
BEGIN
  INSERT INTO mailbox_search(rowid, name, email_address) VALUES (new.id, new.name, new.email_address);
END;
--> statement-breakpoint
-- An external-content index forgets a row by being told the exact text it indexed.
CREATE TRIGGER mailbox_search_after_delete AFTER DELETE ON mailboxes
BEGIN
  INSERT INTO mailbox_search(mailbox_search, rowid, name, email_address) VALUES ('delete', old.id, old.name, old.email_address);
END;
--> statement-breakpoint
-- Only when the searched text (or the id) changes: approvals and tests update other columns of
-- thousands of rows at once and must not pay for re-indexing.
CREATE TRIGGER mailbox_search_after_update AFTER UPDATE OF id, name, email_address ON mailboxes
BEGIN
  INSERT INTO mailbox_search(mailbox_search, rowid, name, email_address) VALUES ('delete', old.id, old.name, old.email_address);
  INSERT INTO mailbox_search(rowid, name, email_address) VALUES (new.id, new.name, new.email_address);
END;

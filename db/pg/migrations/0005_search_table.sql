-- The grid's search trigrams in a table of their own, as SQLite keeps them in its FTS5 table
-- (issue 19). On mailboxes, the two trigram GIN indexes took a new entry for every row an approval
-- changed: changing email_status (indexed for the views) rules out PostgreSQL's in-place (HOT)
-- update, so every index of the row is written again, though name and address had not changed.
-- That was 110-220 ms of a 10,000-row approval (bench/README.md, "Session 17"). Here the trigrams
-- change only when a name or address does. The search asks this table for the few mailboxes a rare
-- fragment can match (lib/services/mailboxes/search.ts), as SQLite asks its FTS5 table.
CREATE TABLE mailbox_search (
  mailbox_id integer PRIMARY KEY REFERENCES mailboxes (id) ON DELETE CASCADE,
  name text NOT NULL,
  email_address text NOT NULL
);
--> statement-breakpoint
INSERT INTO mailbox_search (mailbox_id, name, email_address) SELECT id, name, email_address FROM mailboxes;
--> statement-breakpoint
CREATE INDEX mailbox_search_name_trgm_ix ON mailbox_search USING gin (name gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX mailbox_search_email_address_trgm_ix ON mailbox_search USING gin (email_address gin_trgm_ops);
--> statement-breakpoint
DROP INDEX mailboxes_name_trgm_ix;
--> statement-breakpoint
DROP INDEX mailboxes_email_address_trgm_ix;
--> statement-breakpoint
-- New mailboxes, once per statement (a bulk insert of 100,000 fills it in one go).
CREATE FUNCTION mailbox_search_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO mailbox_search (mailbox_id, name, email_address) SELECT id, name, email_address FROM new_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER mailbox_search_after_insert AFTER INSERT ON mailboxes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailbox_search_add();
--> statement-breakpoint
-- A renamed mailbox or a changed address: only an UPDATE that sets either column runs it at all.
CREATE FUNCTION mailbox_search_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE mailbox_search SET name = NEW.name, email_address = NEW.email_address WHERE mailbox_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER mailbox_search_after_update AFTER UPDATE OF name, email_address ON mailboxes
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email_address IS DISTINCT FROM NEW.email_address)
  EXECUTE FUNCTION mailbox_search_follow();

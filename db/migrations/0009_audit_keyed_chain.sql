CREATE TABLE `audit_chain` (
	`keyed_from` integer PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
-- Events written from here on are hashed with the key (HMAC-SHA-256); those already in the log keep
-- their unkeyed hashes and are checked that way. Re-hashing them would launder history.
INSERT INTO `audit_chain` (`keyed_from`, `created_at`) SELECT coalesce(max(`seq`), 0) + 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM `audit_events`;
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_insert BEFORE INSERT ON audit_chain
BEGIN
  SELECT RAISE(ABORT, 'the keyed-from mark is set once');
END;
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN
  SELECT RAISE(ABORT, 'the keyed-from mark is set once');
END;
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN
  SELECT RAISE(ABORT, 'the keyed-from mark is set once');
END;
--> statement-breakpoint
-- The only write the log accepts: the next event, linked to the head. This refuses INSERT OR
-- REPLACE and upserts over an existing event (REPLACE deletes without firing the delete trigger
-- unless recursive_triggers is on; every connection turns it on as well), inserts in the middle,
-- and rows that do not link to the head.
CREATE TRIGGER audit_events_append_only_insert BEFORE INSERT ON audit_events
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_events)
  OR NEW.prev_hash IS NOT coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
  SELECT RAISE(ABORT, 'audit events are append-only: only the next event, linked to the head, may be inserted');
END;

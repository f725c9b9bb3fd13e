-- PostgreSQL's twin of what the SQLite migrations build with SQL of their own (issue 19): the
-- audit log's append-only rules (0001, 0009), the grid's and the Users page's maintained counts
-- (0014, 0021) and the grid's "contains" search (0005: FTS5 trigram there, pg_trgm here).
-- drizzle-kit cannot express triggers, so this file is written by hand (`drizzle-kit generate --custom`).

-- A trigger that refuses the write with the message it is given.
CREATE FUNCTION mailgate_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION mailgate_refuse('audit events are append-only');
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION mailgate_refuse('audit events are append-only');
--> statement-breakpoint
-- TRUNCATE fires no row trigger: refused on its own.
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION mailgate_refuse('audit events are append-only');
--> statement-breakpoint
-- The only write the log accepts: the next event, linked to the head. An upsert over an existing
-- event takes the update path and meets audit_events_no_update. Two transactions appending at once
-- both see the same head; the primary key on seq then refuses the second, so the chain never forks.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_events%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_events ORDER BY seq DESC LIMIT 1;
  IF NEW.seq IS DISTINCT FROM coalesce(head.seq, 0) + 1
     OR NEW.prev_hash IS DISTINCT FROM coalesce(head.hash, repeat('0', 64)) THEN
    RAISE EXCEPTION 'audit events are append-only: only the next event, linked to the head, may be inserted'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only_insert BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
-- Events from the first one on are hashed with the key (a new database has no unkeyed history).
INSERT INTO audit_chain (keyed_from, created_at)
SELECT coalesce(max(seq), 0) + 1, date_trunc('second', now()) FROM audit_events;
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_insert BEFORE INSERT ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION mailgate_refuse('the keyed-from mark is set once');
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION mailgate_refuse('the keyed-from mark is set once');
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION mailgate_refuse('the keyed-from mark is set once');
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION mailgate_refuse('the keyed-from mark is set once');
--> statement-breakpoint

-- The grid's view counts: per environment, how many mailboxes have each (is_active, email_status,
-- mailbox_status), kept in the same statement as every insert, delete and status change.
CREATE FUNCTION mailbox_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE mailbox_counts SET n = n - 1
    WHERE environment_id = OLD.environment_id AND is_active = OLD.is_active
      AND email_status = OLD.email_status AND mailbox_status = OLD.mailbox_status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO mailbox_counts (environment_id, is_active, email_status, mailbox_status, n)
    VALUES (NEW.environment_id, NEW.is_active, NEW.email_status, NEW.mailbox_status, 1)
    ON CONFLICT (environment_id, is_active, email_status, mailbox_status) DO UPDATE SET n = mailbox_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER mailbox_counts_after_insert AFTER INSERT ON mailboxes
  FOR EACH ROW EXECUTE FUNCTION mailbox_counts_follow();
--> statement-breakpoint
CREATE TRIGGER mailbox_counts_after_delete AFTER DELETE ON mailboxes
  FOR EACH ROW EXECUTE FUNCTION mailbox_counts_follow();
--> statement-breakpoint
-- Only when a counted column really changes: approvals of mailboxes already approved pay nothing.
CREATE TRIGGER mailbox_counts_after_update AFTER UPDATE OF environment_id, is_active, email_status, mailbox_status ON mailboxes
  FOR EACH ROW
  WHEN (OLD.environment_id IS DISTINCT FROM NEW.environment_id OR OLD.is_active IS DISTINCT FROM NEW.is_active
    OR OLD.email_status IS DISTINCT FROM NEW.email_status OR OLD.mailbox_status IS DISTINCT FROM NEW.mailbox_status)
  EXECUTE FUNCTION mailbox_counts_follow();
--> statement-breakpoint

-- The Users page's counts: per environment, how many users are enabled (in the environment and in
-- the directory) and how many are not.
CREATE FUNCTION environment_user_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE environment_user_counts SET n = n - 1
    WHERE environment_id = OLD.environment_id
      AND is_enabled = (OLD.is_enabled AND (SELECT is_enabled FROM directory_users WHERE id = OLD.directory_user_id));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO environment_user_counts (environment_id, is_enabled, n)
    VALUES (NEW.environment_id,
      NEW.is_enabled AND (SELECT is_enabled FROM directory_users WHERE id = NEW.directory_user_id), 1)
    ON CONFLICT (environment_id, is_enabled) DO UPDATE SET n = environment_user_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER environment_user_counts_after_insert AFTER INSERT ON environment_users
  FOR EACH ROW EXECUTE FUNCTION environment_user_counts_follow();
--> statement-breakpoint
CREATE TRIGGER environment_user_counts_after_delete AFTER DELETE ON environment_users
  FOR EACH ROW EXECUTE FUNCTION environment_user_counts_follow();
--> statement-breakpoint
CREATE TRIGGER environment_user_counts_after_update AFTER UPDATE OF environment_id, directory_user_id, is_enabled ON environment_users
  FOR EACH ROW
  WHEN (OLD.environment_id IS DISTINCT FROM NEW.environment_id OR OLD.directory_user_id IS DISTINCT FROM NEW.directory_user_id
    OR OLD.is_enabled IS DISTINCT FROM NEW.is_enabled)
  EXECUTE FUNCTION environment_user_counts_follow();
--> statement-breakpoint
-- A directory user disabled or enabled again moves each of their memberships that is enabled in
-- its environment between the two counts.
CREATE FUNCTION environment_user_counts_follow_directory() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE environment_user_counts SET n = n - 1
  WHERE is_enabled = OLD.is_enabled
    AND environment_id IN (SELECT environment_id FROM environment_users WHERE directory_user_id = NEW.id AND is_enabled);
  INSERT INTO environment_user_counts (environment_id, is_enabled, n)
  SELECT environment_id, NEW.is_enabled, 1 FROM environment_users WHERE directory_user_id = NEW.id AND is_enabled
  ON CONFLICT (environment_id, is_enabled) DO UPDATE SET n = environment_user_counts.n + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER environment_user_counts_after_directory_update AFTER UPDATE OF is_enabled ON directory_users
  FOR EACH ROW WHEN (OLD.is_enabled IS DISTINCT FROM NEW.is_enabled)
  EXECUTE FUNCTION environment_user_counts_follow_directory();
--> statement-breakpoint

-- The grid's "contains" search over name and address: trigram GIN indexes (pg_trgm is a trusted
-- extension: the database's owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX mailboxes_name_trgm_ix ON mailboxes USING gin (name gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX mailboxes_email_address_trgm_ix ON mailboxes USING gin (email_address gin_trgm_ops);

-- The maintained counts (0001) once per statement instead of once per row (bench/README.md, "On
-- PostgreSQL"). A row-level trigger updated the same counts row once per changed mailbox, and a
-- transaction cannot prune the versions it made itself: each update walked every earlier one, so a
-- statement of n rows cost O(n²) (a 10,000-mailbox approval, the 100,000 rows of db:copy). Now each
-- statement adds its net change per group, read from its transition tables, in one upsert.
-- Transition tables take no column list, so an UPDATE of other columns runs the trigger too; its
-- groups' net change is then zero and nothing is written.
DROP TRIGGER mailbox_counts_after_insert ON mailboxes;
--> statement-breakpoint
DROP TRIGGER mailbox_counts_after_delete ON mailboxes;
--> statement-breakpoint
DROP TRIGGER mailbox_counts_after_update ON mailboxes;
--> statement-breakpoint
DROP FUNCTION mailbox_counts_follow();
--> statement-breakpoint
CREATE FUNCTION mailbox_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Each branch names only the transition tables its event has (plpgsql plans a statement when it first runs).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO mailbox_counts AS c (environment_id, is_active, email_status, mailbox_status, n)
    SELECT environment_id, is_active, email_status, mailbox_status, count(*) FROM new_rows GROUP BY 1, 2, 3, 4
    ON CONFLICT (environment_id, is_active, email_status, mailbox_status) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE mailbox_counts AS c SET n = c.n - gone.n
    FROM (SELECT environment_id, is_active, email_status, mailbox_status, count(*) AS n FROM old_rows GROUP BY 1, 2, 3, 4) gone
    WHERE c.environment_id = gone.environment_id AND c.is_active = gone.is_active
      AND c.email_status = gone.email_status AND c.mailbox_status = gone.mailbox_status;
  ELSE
    INSERT INTO mailbox_counts AS c (environment_id, is_active, email_status, mailbox_status, n)
    SELECT environment_id, is_active, email_status, mailbox_status, sum(d) FROM (
      SELECT environment_id, is_active, email_status, mailbox_status, -1 AS d FROM old_rows
      UNION ALL
      SELECT environment_id, is_active, email_status, mailbox_status, 1 AS d FROM new_rows
    ) moved GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0
    ON CONFLICT (environment_id, is_active, email_status, mailbox_status) DO UPDATE SET n = c.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER mailbox_counts_after_insert AFTER INSERT ON mailboxes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailbox_counts_follow();
--> statement-breakpoint
CREATE TRIGGER mailbox_counts_after_delete AFTER DELETE ON mailboxes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION mailbox_counts_follow();
--> statement-breakpoint
CREATE TRIGGER mailbox_counts_after_update AFTER UPDATE ON mailboxes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION mailbox_counts_follow();
--> statement-breakpoint
DROP TRIGGER environment_user_counts_after_insert ON environment_users;
--> statement-breakpoint
DROP TRIGGER environment_user_counts_after_delete ON environment_users;
--> statement-breakpoint
DROP TRIGGER environment_user_counts_after_update ON environment_users;
--> statement-breakpoint
DROP FUNCTION environment_user_counts_follow();
--> statement-breakpoint
-- A membership counts as enabled when it is and its directory user is (0001); the directory users'
-- own trigger (environment_user_counts_follow_directory) stays per row: one user at a time.
CREATE FUNCTION environment_user_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO environment_user_counts AS c (environment_id, is_enabled, n)
    SELECT r.environment_id, r.is_enabled AND d.is_enabled, count(*)
    FROM new_rows r LEFT JOIN directory_users d ON d.id = r.directory_user_id GROUP BY 1, 2
    ON CONFLICT (environment_id, is_enabled) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE environment_user_counts AS c SET n = c.n - gone.n
    FROM (SELECT r.environment_id, r.is_enabled AND d.is_enabled AS is_enabled, count(*) AS n
          FROM old_rows r LEFT JOIN directory_users d ON d.id = r.directory_user_id GROUP BY 1, 2) gone
    WHERE c.environment_id = gone.environment_id AND c.is_enabled = gone.is_enabled;
  ELSE
    INSERT INTO environment_user_counts AS c (environment_id, is_enabled, n)
    SELECT environment_id, is_enabled, sum(d) FROM (
      SELECT r.environment_id, r.is_enabled AND u.is_enabled AS is_enabled, -1 AS d
      FROM old_rows r LEFT JOIN directory_users u ON u.id = r.directory_user_id
      UNION ALL
      SELECT r.environment_id, r.is_enabled AND u.is_enabled, 1
      FROM new_rows r LEFT JOIN directory_users u ON u.id = r.directory_user_id
    ) moved GROUP BY 1, 2 HAVING sum(d) <> 0
    ON CONFLICT (environment_id, is_enabled) DO UPDATE SET n = c.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER environment_user_counts_after_insert AFTER INSERT ON environment_users
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION environment_user_counts_follow();
--> statement-breakpoint
CREATE TRIGGER environment_user_counts_after_delete AFTER DELETE ON environment_users
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION environment_user_counts_follow();
--> statement-breakpoint
CREATE TRIGGER environment_user_counts_after_update AFTER UPDATE ON environment_users
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION environment_user_counts_follow();

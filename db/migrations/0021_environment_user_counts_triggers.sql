-- The Users page's counts (issue 20): `environment_user_counts` holds, per environment, how many
-- users are enabled (enabled in the environment and in the directory, as the page's Enabled filter
-- means it: lib/services/directory/environment-users.ts) and how many are not. Triggers keep it in
-- the same statement, so in the same transaction, as every insert and delete of a membership, a
-- change of its environment, user or enabled state, and a directory user's enabled state, whoever
-- writes it. drizzle-kit cannot express triggers, so this part is written by hand (`drizzle-kit generate --custom`).
INSERT INTO `environment_user_counts` (`environment_id`, `is_enabled`, `n`)
SELECT eu.`environment_id`, eu.`is_enabled` AND du.`is_enabled`, count(*)
FROM `environment_users` eu JOIN `directory_users` du ON du.`id` = eu.`directory_user_id`
GROUP BY 1, 2;
--> statement-breakpoint
CREATE TRIGGER environment_user_counts_after_insert AFTER INSERT ON environment_users
BEGIN
  INSERT INTO environment_user_counts (environment_id, is_enabled, n)
  VALUES (new.environment_id,
    new.is_enabled AND (SELECT is_enabled FROM directory_users WHERE id = new.directory_user_id), 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER environment_user_counts_after_delete AFTER DELETE ON environment_users
BEGIN
  UPDATE environment_user_counts SET n = n - 1
  WHERE environment_id = old.environment_id
    AND is_enabled = (old.is_enabled AND (SELECT is_enabled FROM directory_users WHERE id = old.directory_user_id));
END;
--> statement-breakpoint
-- Only when a counted column really changes: renames, email changes and version bumps pay nothing.
CREATE TRIGGER environment_user_counts_after_update AFTER UPDATE OF environment_id, directory_user_id, is_enabled ON environment_users
WHEN old.environment_id IS NOT new.environment_id OR old.directory_user_id IS NOT new.directory_user_id
  OR old.is_enabled IS NOT new.is_enabled
BEGIN
  UPDATE environment_user_counts SET n = n - 1
  WHERE environment_id = old.environment_id
    AND is_enabled = (old.is_enabled AND (SELECT is_enabled FROM directory_users WHERE id = old.directory_user_id));
  INSERT INTO environment_user_counts (environment_id, is_enabled, n)
  VALUES (new.environment_id,
    new.is_enabled AND (SELECT is_enabled FROM directory_users WHERE id = new.directory_user_id), 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- A directory user disabled or enabled again moves each membership that is enabled in its
-- environment (one per environment at most: environment_users_env_dir_uq) between the two counts.
CREATE TRIGGER environment_user_counts_after_directory_update AFTER UPDATE OF is_enabled ON directory_users
WHEN old.is_enabled IS NOT new.is_enabled
BEGIN
  UPDATE environment_user_counts SET n = n - 1
  WHERE is_enabled = old.is_enabled
    AND environment_id IN (SELECT environment_id FROM environment_users WHERE directory_user_id = new.id AND is_enabled = 1);
  INSERT INTO environment_user_counts (environment_id, is_enabled, n)
  SELECT environment_id, new.is_enabled, 1 FROM environment_users WHERE directory_user_id = new.id AND is_enabled = 1
  ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`directory_user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_reason` text,
	`client_ip` text,
	`user_agent` text,
	FOREIGN KEY (`directory_user_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_revoked_ix` ON `sessions` (`directory_user_id`,`revoked_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sign_in_throttle` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`failure_count` integer NOT NULL,
	`last_failure_at` integer NOT NULL,
	`locked_until` integer,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
INSERT INTO `__new_sign_in_throttle`("scope", "key", "failure_count", "last_failure_at", "locked_until") SELECT 'account', "account_key", "failure_count", "window_started_at", "locked_until" FROM `sign_in_throttle`;--> statement-breakpoint
DROP TABLE `sign_in_throttle`;--> statement-breakpoint
ALTER TABLE `__new_sign_in_throttle` RENAME TO `sign_in_throttle`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `sign_in_throttle_last_failure_ix` ON `sign_in_throttle` (`last_failure_at`);
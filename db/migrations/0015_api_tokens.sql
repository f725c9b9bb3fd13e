CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` integer NOT NULL,
	`name` text NOT NULL,
	`scopes` text NOT NULL,
	`secret_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	`revoked_by_id` integer,
	`expired_use_audited_at` integer,
	FOREIGN KEY (`owner_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`revoked_by_id`) REFERENCES `directory_users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_secret_hash_uq` ON `api_tokens` (`secret_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_owner_ix` ON `api_tokens` (`owner_id`,`id`);--> statement-breakpoint
ALTER TABLE `tenants` ADD `is_api_tokens_on` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `token_id` integer;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `token_name` text;
ALTER TABLE `directory_users` ADD `entra_tenant_id` text;--> statement-breakpoint
ALTER TABLE `directory_users` ADD `entra_object_id` text;--> statement-breakpoint
ALTER TABLE `directory_users` ADD `is_break_glass` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `directory_users_entra_object_uq` ON `directory_users` (`entra_tenant_id`,`entra_object_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `method` text DEFAULT 'password' NOT NULL;